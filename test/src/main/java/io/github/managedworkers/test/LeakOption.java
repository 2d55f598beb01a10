package io.github.managedworkers.test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.github.managedworkers.test.internal.LiveThreads;

/**
 * An option for {@link ThreadLeaks}: which threads to ignore, and how long to wait for the others to end. Only the
 * factory methods here create options.
 */
public final class LeakOption {

	private final Predicate<LiveThread> ignore;

	private final Duration maxWait;

	private final String description;

	private LeakOption(Predicate<LiveThread> ignore, Duration maxWait, String description) {
		this.ignore = ignore;
		this.maxWait = maxWait;
		this.description = description;
	}

	/**
	 * Ignores threads whose whole name matches a regular expression, such as {@code "grpc-default-worker-.*"}.
	 * @param regex the pattern
	 * @return the option
	 */
	public static LeakOption ignoreThreadsNamed(String regex) {
		requireText(regex, "ignoreThreadsNamed", "a regular expression such as \"grpc-default-worker-.*\"");
		Pattern pattern;
		try {
			pattern = Pattern.compile(regex);
		}
		catch (PatternSyntaxException ex) {
			throw new IllegalArgumentException("ignoreThreadsNamed(\"" + regex
					+ "\") is not a regular expression: " + ex.getDescription(), ex);
		}
		return new LeakOption((thread) -> pattern.matcher(thread.name()).matches(), null,
				"ignoreThreadsNamed(\"" + regex + "\")");
	}

	/**
	 * Ignores threads with a frame anywhere in their stack in the given class or method, such as
	 * {@code "com.example.Poller"} or {@code "com.example.Poller.awaitWork"}, like goleak's
	 * {@code IgnoreAnyFunction}.
	 * @param frame a fully qualified class name, optionally followed by a dot and a method name
	 * @return the option
	 */
	public static LeakOption ignoreThreadsWithFrame(String frame) {
		requireText(frame, "ignoreThreadsWithFrame", "a class name or class.method, such as \"com.example.Poller\"");
		if (frame.contains("(") || frame.contains("/") || frame.contains(" ")) {
			throw new IllegalArgumentException("ignoreThreadsWithFrame(\"" + frame
					+ "\") is not a frame: give a fully qualified class name, optionally followed by .method, "
					+ "without module, file or line (such as \"com.example.Poller.awaitWork\")");
		}
		return new LeakOption((thread) -> thread.hasFrame(frame), null, "ignoreThreadsWithFrame(\"" + frame + "\")");
	}

	/**
	 * Ignores every thread alive now, like goleak's {@code IgnoreCurrent}: what a test starts after this call is
	 * still checked.
	 * @return the option
	 */
	public static LeakOption ignoreCurrentThreads() {
		Set<Long> ids = new HashSet<>();
		for (LiveThread thread : LiveThreads.list()) {
			ids.add(thread.id());
		}
		ids.add(Thread.currentThread().getId());
		return ignoreThreads(ids, "ignoreCurrentThreads()");
	}

	/**
	 * How long a check waits for threads to end before it calls them leaked; it looks again with exponential
	 * backoff in between. The default is 5 seconds.
	 * @param maxWait at least zero; zero looks once
	 * @return the option
	 */
	public static LeakOption maxWait(Duration maxWait) {
		Objects.requireNonNull(maxWait, "maxWait(null): give a duration of zero or more");
		if (maxWait.isNegative()) {
			throw new IllegalArgumentException("maxWait(" + maxWait + ") is negative: give a duration of zero or "
					+ "more (zero looks once, without waiting)");
		}
		return new LeakOption(null, maxWait, "maxWait(" + maxWait + ")");
	}

	static LeakOption ignoreThreads(Set<Long> ids, String description) {
		Set<Long> copy = Set.copyOf(ids);
		return new LeakOption((thread) -> copy.contains(thread.id()), null, description);
	}

	static Predicate<LiveThread> ignored(List<LeakOption> options) {
		Predicate<LiveThread> ignored = DefaultIgnores::matches;
		for (LeakOption option : options) {
			if (option.ignore != null) {
				ignored = ignored.or(option.ignore);
			}
		}
		return ignored;
	}

	static Duration maxWait(List<LeakOption> options, Duration defaultWait) {
		LeakOption found = null;
		for (LeakOption option : options) {
			Objects.requireNonNull(option, "a LeakOption was null: create options with LeakOption's factory methods");
			if (option.maxWait != null) {
				if (found != null) {
					throw new IllegalArgumentException("Both " + found + " and " + option
							+ " were given: pass at most one maxWait option");
				}
				found = option;
			}
		}
		return (found != null) ? found.maxWait : defaultWait;
	}

	private static void requireText(String value, String option, String allowed) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(option + "(" + ((value != null) ? "\"" + value + "\"" : "null")
					+ ") needs " + allowed);
		}
	}

	@Override
	public String toString() {
		return this.description;
	}

}
