package io.github.managedworkers.test;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.github.managedworkers.test.internal.LiveThreads;

/**
 * An option for {@link ThreadLeaks}: which threads to ignore, and how long to wait for the others to end. Only the
 * factory methods here create options, and each checks its argument at once: a mistake fails where it is made, not
 * as a check that silently ignores too much or too little.
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
	 * @throws IllegalArgumentException if {@code regex} is null, blank or not a regular expression
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
	 * @throws IllegalArgumentException if {@code frame} is null or blank, is written as a stack trace prints a
	 * frame (with a module, file or line), or names no class or method that the test can load: such an option
	 * would never match
	 */
	public static LeakOption ignoreThreadsWithFrame(String frame) {
		requireText(frame, "ignoreThreadsWithFrame", "a class name or class.method, such as \"com.example.Poller\"");
		String allowed = ": give a fully qualified class name, optionally followed by .method, such as "
				+ "\"com.example.Poller\" or \"com.example.Poller.awaitWork\"";
		if (frame.contains("(") || frame.contains("/") || frame.contains(" ")) {
			throw new IllegalArgumentException("ignoreThreadsWithFrame(\"" + frame
					+ "\") is not a frame; leave out the module, file and line" + allowed);
		}
		if (!Frames.exists(frame)) {
			throw new IllegalArgumentException("ignoreThreadsWithFrame(\"" + frame
					+ "\") names no class or method that this test can load, so it would never match" + allowed);
		}
		return new LeakOption((thread) -> thread.hasFrame(frame), null, "ignoreThreadsWithFrame(\"" + frame + "\")");
	}

	/**
	 * Ignores every thread alive now, like goleak's {@code IgnoreCurrent}: what a test starts after this call is
	 * still checked.
	 * @return the option
	 */
	public static LeakOption ignoreCurrentThreads() {
		Set<Long> ids = LiveThreads.ids();
		return new LeakOption((thread) -> ids.contains(thread.id()), null, "ignoreCurrentThreads()");
	}

	/**
	 * How long a check waits for threads to end before it calls them leaked; it looks again with exponential
	 * backoff in between. The default is 5 seconds.
	 * @param maxWait zero or more; zero looks once
	 * @return the option
	 * @throws NullPointerException if {@code maxWait} is null
	 * @throws IllegalArgumentException if {@code maxWait} is negative
	 */
	public static LeakOption maxWait(Duration maxWait) {
		Objects.requireNonNull(maxWait, "maxWait(null): give a duration of zero or more");
		if (maxWait.isNegative()) {
			throw new IllegalArgumentException("maxWait(" + maxWait + ") is negative: give a duration of zero or "
					+ "more (zero looks once, without waiting)");
		}
		return new LeakOption(null, maxWait, "maxWait(" + maxWait + ")");
	}

	/**
	 * Checks the options given to one check and combines them.
	 * @throws IllegalArgumentException if an option is given twice, or two {@code maxWait}s are given
	 */
	static Resolved resolve(LeakOption... options) {
		Objects.requireNonNull(options, "the options were null: pass none, or options from LeakOption's factories");
		Predicate<LiveThread> ignored = DefaultIgnores::matches;
		LeakOption wait = null;
		Set<String> seen = new HashSet<>();
		for (LeakOption option : options) {
			Objects.requireNonNull(option, "a LeakOption was null: create options with LeakOption's factory methods");
			if (!seen.add(option.description)) {
				throw new IllegalArgumentException(option + " was given twice: pass each option once");
			}
			if (option.ignore != null) {
				ignored = ignored.or(option.ignore);
			}
			else if (wait != null) {
				throw new IllegalArgumentException(
						"maxWait was given twice, " + wait + " and " + option + ": pass at most one");
			}
			else {
				wait = option;
			}
		}
		return new Resolved(ignored, (wait != null) ? wait.maxWait : ThreadLeaks.DEFAULT_MAX_WAIT);
	}

	private static void requireText(String value, String option, String allowed) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(option + "(" + ((value != null) ? "\"" + value + "\"" : "null")
					+ ") needs " + allowed);
		}
	}

	/**
	 * This option as it was written, such as {@code ignoreThreadsNamed("grpc-.*")}.
	 * @return the description
	 */
	@Override
	public String toString() {
		return this.description;
	}

	/** What the options of one check come to: the threads to ignore (defaults included) and the wait. */
	record Resolved(Predicate<LiveThread> ignored, Duration maxWait) {
	}

	/** Whether a frame given to {@link #ignoreThreadsWithFrame} could ever match. */
	private static final class Frames {

		static boolean exists(String frame) {
			if (load(frame) != null) {
				return true;
			}
			int dot = frame.lastIndexOf('.');
			Class<?> type = (dot > 0) ? load(frame.substring(0, dot)) : null;
			return type != null && hasMethod(type, frame.substring(dot + 1));
		}

		private static Class<?> load(String name) {
			for (ClassLoader loader : new ClassLoader[] { Thread.currentThread().getContextClassLoader(),
					LeakOption.class.getClassLoader() }) {
				try {
					return Class.forName(name, false, loader);
				}
				catch (ClassNotFoundException | LinkageError ex) {
					// try the next loader
				}
			}
			return null;
		}

		private static boolean hasMethod(Class<?> type, String name) {
			if (name.equals("<init>") || name.equals("<clinit>")) {
				return true; // how stack traces name constructors and static initialisers
			}
			for (Class<?> current = type; current != null; current = current.getSuperclass()) {
				try {
					for (Method method : current.getDeclaredMethods()) {
						if (method.getName().equals(name)) {
							return true;
						}
					}
				}
				catch (LinkageError ex) {
					return true; // the class cannot list its methods here; give the frame the benefit of the doubt
				}
			}
			return false;
		}

	}

}
