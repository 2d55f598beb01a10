package io.github.managedworkers;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations of {@link ManagedWorker}: a number and a unit ({@code 500ms}, {@code 5s}, {@code 1m},
 * {@code 2h}, {@code 1d}, {@code 10us}, {@code 100ns}), as Spring Boot's properties write them, or ISO-8601
 * ({@code PT1M}).
 */
public final class Durations {

	/** What {@link #parse} accepts, for error messages. */
	public static final String FORMAT = "a number with a unit (500ms, 5s, 1m, 2h, 1d) or ISO-8601 (PT1M)";

	private static final Pattern SIMPLE = Pattern.compile("^([+-]?\\d+)\\s*(ns|us|ms|s|m|h|d)$");

	private Durations() {
	}

	/**
	 * Parses a duration.
	 * @param worker the worker the value belongs to, for the error message
	 * @param setting the setting the value is for, for the error message
	 * @param value the text
	 * @return the duration
	 * @throws InvalidWorkerSpecException naming the worker, setting and value when the text is not a duration
	 */
	public static Duration parse(String worker, String setting, String value) {
		String text = value.trim();
		Matcher simple = SIMPLE.matcher(text.toLowerCase(Locale.ROOT));
		try {
			if (simple.matches()) {
				long amount = Long.parseLong(simple.group(1));
				return switch (simple.group(2)) {
					case "ns" -> Duration.ofNanos(amount);
					case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
					case "ms" -> Duration.ofMillis(amount);
					case "s" -> Duration.ofSeconds(amount);
					case "m" -> Duration.ofMinutes(amount);
					case "h" -> Duration.ofHours(amount);
					default -> Duration.ofDays(amount);
				};
			}
			if (text.regionMatches(true, 0, "P", 0, 1) || text.regionMatches(true, 0, "-P", 0, 2)) {
				return Duration.parse(text);
			}
		}
		catch (ArithmeticException | NumberFormatException | DateTimeParseException ex) {
			// falls through to the error that says what is allowed
		}
		throw new InvalidWorkerSpecException(worker, setting, value, FORMAT);
	}

	/**
	 * Writes a duration the short way it is configured: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h},
	 * {@code 1d}, in the largest unit that divides it, else ISO-8601.
	 * @param duration the duration
	 * @return the text
	 */
	public static String format(Duration duration) {
		long nanos;
		try {
			nanos = duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.toString();
		}
		long[] sizes = { 86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L,
				1_000L, 1L };
		String[] units = { "d", "h", "m", "s", "ms", "us", "ns" };
		for (int i = 0; i < sizes.length; i++) {
			if (nanos != 0 && nanos % sizes[i] == 0) {
				return (nanos / sizes[i]) + units[i];
			}
		}
		return "0s";
	}

}
