package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.ArrayDeque;

import io.github.managedworkers.WorkerSpec;

/**
 * The restarts of one worker's body: the exponential backoff before the next one, and Erlang/OTP's restart
 * intensity (at most {@code maxRestarts} within {@code restartWindow}). Used by the supervisor thread only.
 */
final class RestartHistory {

	private final WorkerSpec spec;

	private final ArrayDeque<Long> recent = new ArrayDeque<>();

	private int consecutive;

	RestartHistory(WorkerSpec spec) {
		this.spec = spec;
	}

	/**
	 * Records a restart about to happen.
	 * @return {@code false} if it would exceed the restart intensity: the worker should fail instead
	 */
	boolean allow() {
		long now = System.nanoTime();
		long window = StopSignal.saturatedNanos(this.spec.restartWindow());
		while (!this.recent.isEmpty() && now - this.recent.peekFirst() > window) {
			this.recent.pollFirst();
		}
		if (this.recent.size() >= this.spec.maxRestarts()) {
			return false;
		}
		this.recent.addLast(now);
		return true;
	}

	/**
	 * The delay before the next restart: the initial backoff doubled for each restart in a row, up to the maximum. A
	 * body that ran longer than the maximum backoff before it ended starts a new row.
	 */
	Duration nextDelay(long ranNanos) {
		Duration max = this.spec.restartBackoffMax();
		if (ranNanos > StopSignal.saturatedNanos(max)) {
			this.consecutive = 0;
		}
		Duration delay = this.spec.restartBackoffInitial();
		for (int i = 0; i < this.consecutive && delay.compareTo(max) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		this.consecutive++;
		return (delay.compareTo(max) > 0) ? max : delay;
	}

	/** A periodic round succeeded: the next failure starts a new row of backoff. */
	void succeeded() {
		this.consecutive = 0;
	}

}
