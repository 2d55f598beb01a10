package io.github.managedworkers.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.github.managedworkers.test.internal.LiveThreads;

/**
 * Finds threads that outlived the code that started them, like Go's {@code goleak}: platform threads, and on Java
 * 21+ virtual threads, which {@link Thread#getAllStackTraces()} does not return.
 * <p>
 * The JVM's, JUnit's, Maven Surefire's and Spring's own long-lived threads are ignored. A thread that is still
 * ending is given time: the check looks again with exponential backoff, up to {@link LeakOption#maxWait} (5 seconds
 * by default), before it calls anything leaked. A check that finds nothing returns at once.
 *
 * <pre>{@code
 * LeakOption before = LeakOption.ignoreCurrentThreads();
 * runCodeUnderTest();
 * ThreadLeaks.verifyNone(before);
 * }</pre>
 *
 * @see ThreadLeakExtension
 */
public final class ThreadLeaks {

	/** The default of {@link LeakOption#maxWait(Duration)} and {@link CheckThreadLeaks#maxWaitMillis()}. */
	static final long DEFAULT_MAX_WAIT_MILLIS = 5000;

	static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(DEFAULT_MAX_WAIT_MILLIS);

	private static final long FIRST_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

	private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private ThreadLeaks() {
	}

	/**
	 * The threads alive now that the options do not ignore, after waiting for them to end as long as the options
	 * allow.
	 * @param options which threads to ignore, and how long to wait
	 * @return the leaked threads, empty when there are none
	 * @throws IllegalArgumentException if an option is given twice
	 */
	public static List<LiveThread> find(LeakOption... options) {
		LeakOption.Resolved resolved = LeakOption.resolve(options);
		return awaitEnd(resolved.ignored(), resolved.maxWait());
	}

	/**
	 * Fails when threads are alive that the options do not ignore, after waiting for them to end as long as the
	 * options allow.
	 * @param options which threads to ignore, and how long to wait
	 * @throws ThreadLeakError listing each leaked thread with its stack
	 * @throws IllegalArgumentException if an option is given twice
	 */
	public static void verifyNone(LeakOption... options) {
		LeakOption.Resolved resolved = LeakOption.resolve(options);
		List<LiveThread> leaks = awaitEnd(resolved.ignored(), resolved.maxWait());
		if (!leaks.isEmpty()) {
			throw new ThreadLeakError(leaks, ThreadLeakError.waited(resolved.maxWait()));
		}
	}

	/**
	 * Whether this JVM lets the check see virtual threads.
	 * @return {@code true} on Java 21 and later
	 */
	public static boolean seesVirtualThreads() {
		return LiveThreads.seesVirtualThreads();
	}

	/**
	 * The live threads that are not ignored, once they all ended or {@code maxWait} passed.
	 */
	static List<LiveThread> awaitEnd(Predicate<LiveThread> ignored, Duration maxWait) {
		long deadline = System.nanoTime() + maxWait.toNanos();
		long backoff = FIRST_BACKOFF_NANOS;
		while (true) {
			List<LiveThread> leaks = new ArrayList<>();
			for (LiveThread thread : LiveThreads.list()) {
				if (!ignored.test(thread)) {
					leaks.add(thread);
				}
			}
			long remaining = deadline - System.nanoTime();
			if (leaks.isEmpty() || remaining <= 0) {
				return leaks;
			}
			// Bounded exponential backoff, as goleak does: threads that were told to stop get time to end, and a
			// thread that ends at once costs the check well under a millisecond.
			try {
				TimeUnit.NANOSECONDS.sleep(Math.min(backoff, remaining));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return leaks;
			}
			backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
		}
	}

}
