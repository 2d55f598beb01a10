package io.github.managedworkers.test;

import java.time.Duration;
import java.util.List;

/**
 * Thrown by a leak check that found threads still alive: the message lists each with its name, kind, state and
 * stack, and says how to stop it or to ignore it on purpose.
 */
public class ThreadLeakError extends AssertionError {

	private static final long serialVersionUID = 1L;

	private final transient List<LiveThread> leaks;

	/**
	 * @param leaks at least one thread
	 * @param stillAlive when they were still alive, completing "still alive ...", such as "after waiting 5000 ms"
	 */
	ThreadLeakError(List<LiveThread> leaks, String stillAlive) {
		super(message(leaks, stillAlive));
		this.leaks = List.copyOf(leaks);
	}

	/**
	 * The threads that were still alive.
	 * @return the leaked threads
	 */
	public List<LiveThread> leaks() {
		return this.leaks;
	}

	static String waited(Duration maxWait) {
		return maxWait.isZero() ? "at the check's only look (maxWait 0)"
				: "after waiting " + maxWait.toMillis() + " ms";
	}

	static String waitedAfterClose(String context, Duration maxWait) {
		return "after " + context + " closed"
				+ (maxWait.isZero() ? "" : ", and a wait of " + maxWait.toMillis() + " ms");
	}

	private static String message(List<LiveThread> leaks, String stillAlive) {
		StringBuilder sb = new StringBuilder();
		sb.append("Found ").append(leaks.size()).append(" leaked thread").append((leaks.size() == 1) ? "" : "s");
		sb.append(", still alive ").append(stillAlive).append(":\n\n");
		for (LiveThread leak : leaks) {
			sb.append(leak.describe()).append('\n');
		}
		sb.append("Every thread a test starts should end before the test does: stop or close what started it ");
		sb.append("(a worker registry, an executor, a server, a client).");
		if (leaks.stream().anyMatch(LiveThread::isWorkerTask)) {
			sb.append(" A task of a managed worker should return once ctx.isStopping() is true, or close what it ");
			sb.append("blocks on in ctx.onStop(...).");
		}
		LiveThread first = leaks.get(0);
		String name = javaString(namePattern(first.name()));
		String frame = first.firstApplicationClass();
		sb.append("\nTo ignore a thread on purpose, by its name or by a frame of its stack:\n");
		sb.append("    ThreadLeaks.verifyNone(LeakOption.ignoreThreadsNamed(").append(name).append("))\n");
		if (frame != null) {
			sb.append("    ThreadLeaks.verifyNone(LeakOption.ignoreThreadsWithFrame(").append(javaString(frame));
			sb.append("))\n");
		}
		sb.append("    @CheckThreadLeaks(ignoreNamed = ").append(name);
		if (frame != null) {
			sb.append(", ignoreFrames = ").append(javaString(frame));
		}
		sb.append(")\n");
		return sb.toString();
	}

	/** A regular expression for names like this one, whatever number they end with. */
	private static String namePattern(String name) {
		String escaped = name.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0");
		return escaped.replaceAll("\\d+$", "\\\\d+");
	}

	/** The value as a Java string literal, ready to paste into a test. */
	private static String javaString(String value) {
		return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

}
