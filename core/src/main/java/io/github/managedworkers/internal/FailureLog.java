package io.github.managedworkers.internal;

import java.util.concurrent.TimeUnit;

/**
 * Rate-limits the failure log of one worker, so that a failure storm cannot flood the log: at most
 * {@value #MAX_PER_WINDOW} lines per {@value #WINDOW_SECONDS} seconds, and the next line that gets through says how
 * many were held back. Every failure is still counted and kept as the last failure.
 */
final class FailureLog {

	static final int MAX_PER_WINDOW = 5;

	static final long WINDOW_SECONDS = 10;

	private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);

	private long windowStart = System.nanoTime();

	private int logged;

	private long held;

	/**
	 * Whether the next failure may be logged.
	 * @return {@code -1} to hold it back, otherwise how many failures were held back before it
	 */
	synchronized long admit() {
		long now = System.nanoTime();
		if (now - this.windowStart >= WINDOW_NANOS) {
			this.windowStart = now;
			this.logged = 0;
		}
		if (this.logged >= MAX_PER_WINDOW) {
			this.held++;
			return -1;
		}
		this.logged++;
		long heldBack = this.held;
		this.held = 0;
		return heldBack;
	}

	static String heldBackNote(long heldBack) {
		return (heldBack > 0) ? " (" + heldBack + " earlier failures of this worker were not logged)" : "";
	}

}
