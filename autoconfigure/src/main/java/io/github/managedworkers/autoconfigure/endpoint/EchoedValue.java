package io.github.managedworkers.autoconfigure.endpoint;

import org.jspecify.annotations.Nullable;

/**
 * A value from a request, made fit to quote in an answer or a log line: at most {@value #MAX_LENGTH} characters and
 * no control characters, so that a 3 MB parameter does not come back whole and a name with a line break cannot forge
 * a second log line.
 */
final class EchoedValue {

	static final int MAX_LENGTH = 64;

	private EchoedValue() {
	}

	/**
	 * The value, its control characters replaced by {@code ?} and cut after {@value #MAX_LENGTH} characters with a
	 * note of its full length.
	 * @param value the value as received
	 * @return the value to quote
	 */
	static String of(@Nullable Object value) {
		return of(value, MAX_LENGTH);
	}

	/**
	 * The value, its control characters replaced by {@code ?} and cut after {@code maxLength} characters with a note
	 * of its full length.
	 * @param value the value as received
	 * @param maxLength the most characters kept
	 * @return the value to quote
	 */
	static String of(@Nullable Object value, int maxLength) {
		String text = String.valueOf(value);
		int length = text.length();
		String kept = (length > maxLength) ? text.substring(0, maxLength) : text;
		StringBuilder echoed = new StringBuilder(kept.length() + 24);
		for (int i = 0; i < kept.length(); i++) {
			char c = kept.charAt(i);
			echoed.append(Character.isISOControl(c) ? '?' : c);
		}
		if (length > maxLength) {
			echoed.append("... (").append(length).append(" characters)");
		}
		return echoed.toString();
	}

}
