package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot stop signal, Go's {@code ctx.Done()}: a flag for loops to check and a latch that wakes every sleeper at
 * once. Waking by signal rather than by interrupting each thread keeps stopping 10,000 sleeping tasks in
 * milliseconds.
 */
final class StopSignal {

	private final CountDownLatch latch = new CountDownLatch(1);

	private volatile boolean stopped;

	boolean isStopped() {
		return this.stopped;
	}

	void stop() {
		this.stopped = true;
		this.latch.countDown();
	}

	/**
	 * Waits the duration, or less if the signal comes or the thread is interrupted.
	 * @return {@code true} only if the whole duration passed
	 */
	boolean sleep(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("sleep(" + duration + "): the duration must be zero or more");
		}
		if (this.stopped) {
			return false;
		}
		try {
			return !this.latch.await(saturatedNanos(duration), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

}
