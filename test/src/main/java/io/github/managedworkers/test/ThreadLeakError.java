package io.github.managedworkers.test;

import java.time.Duration;
import java.util.List;

/**
 * Thrown by a leak check that found threads still alive: the message lists each with its stack.
 */
public class ThreadLeakError extends AssertionError {

	private static final long serialVersionUID = 1L;

	private final transient List<LiveThread> leaks;

	ThreadLeakError(List<LiveThread> leaks, Duration waited) {
		super(message(leaks, waited));
		this.leaks = List.copyOf(leaks);
	}

	/**
	 * The threads that were still alive.
	 * @return the leaked threads
	 */
	public List<LiveThread> leaks() {
		return this.leaks;
	}

	private static String message(List<LiveThread> leaks, Duration waited) {
		StringBuilder sb = new StringBuilder();
		sb.append("Found ").append(leaks.size()).append(" leaked thread").append((leaks.size() == 1) ? "" : "s");
		sb.append(", still alive after waiting ").append(waited.toMillis()).append(" ms:\n\n");
		for (LiveThread leak : leaks) {
			sb.append(leak.describe()).append('\n');
		}
		LiveThread first = leaks.get(0);
		sb.append("Every thread a test starts should end before the test does: stop or close what started it ");
		sb.append("(a worker registry, an executor, a server). To ignore a thread on purpose, pass ");
		sb.append("LeakOption.ignoreThreadsNamed(\"").append(namePattern(first.name())).append("\") ");
		sb.append("or LeakOption.ignoreThreadsWithFrame(\"<class or class.method>\") to ThreadLeaks.verifyNone, ");
		sb.append("or list it in @CheckThreadLeaks(ignoreNamed = ..., ignoreFrames = ...).");
		return sb.toString();
	}

	/** A regular expression, written as a Java string literal, for names like this one but any trailing number. */
	private static String namePattern(String name) {
		String escaped = name.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\\\\\$0");
		return escaped.replaceAll("\\d+$", "\\\\\\\\d+");
	}

}
