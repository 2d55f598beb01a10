package io.github.managedworkers.internal;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.RestartPolicy;
import io.github.managedworkers.Schedule;
import io.github.managedworkers.WorkerSpec;

/**
 * Runs a worker's body on a thread of its own, as an Erlang supervisor runs its child: each round is a tracked body
 * run. A scheduled body waits for its next run (skipping runs while paused, running at once when triggered); a
 * body that fails (or a loop body that returns, with {@code ALWAYS}) is restarted after an exponential backoff, and
 * more restarts than the spec's intensity allows fail the worker. Every wait ends when the worker's stop signal
 * comes.
 */
final class BodySupervisor implements Runnable {

	private final WorkerRuntime worker;

	private final WorkerSpec spec;

	private final @Nullable Schedule schedule;

	private final StopSignal stop;

	private final long firstId;

	private final RestartHistory history;

	/** Guards {@link #waiting}: a trigger interrupts this thread only while it waits, never while the body runs. */
	private final Object wake = new Object();

	private boolean waiting;

	private volatile boolean triggered;

	private volatile @Nullable Thread thread;

	BodySupervisor(WorkerRuntime worker, StopSignal stop, long firstId) {
		this.worker = worker;
		this.spec = worker.spec();
		this.schedule = this.spec.schedule();
		this.stop = stop;
		this.firstId = firstId;
		this.history = new RestartHistory(this.spec);
	}

	/** Asks for one run now, or right after the run in progress. */
	void trigger() {
		this.triggered = true;
		synchronized (this.wake) {
			Thread waiter = this.thread;
			if (this.waiting && waiter != null) {
				waiter.interrupt();
			}
		}
	}

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		Instant due = null;
		if (!this.spec.initialDelay().isZero()) {
			due = Instant.now().plus(this.spec.initialDelay());
			if (this.schedule == null) {
				waitUntil(due);
			}
		}
		if (this.schedule != null && due == null) {
			due = this.schedule.nextRun(null, null, Instant.now());
		}
		long id = this.firstId;
		while (!this.stop.isStopped()) {
			if (this.schedule != null) {
				if (due == null) {
					this.worker.scheduleEnded();
					return;
				}
				this.worker.nextRunDue(due);
				waitUntil(due);
				if (this.stop.isStopped()) {
					return;
				}
				boolean byTrigger = this.triggered;
				this.triggered = false;
				if (!byTrigger && Instant.now().isBefore(due)) {
					continue; // woken early by a trigger that a finished run already served
				}
				if (!byTrigger && this.worker.isPaused()) {
					due = this.schedule.nextRun(due, Instant.now(), Instant.now());
					continue;
				}
			}
			if (id != this.firstId) {
				Thread.currentThread().setName(this.worker.threadName(id));
			}
			TaskRun<Boolean> run = this.worker.trackBodyRun(id, this.stop);
			if (run == null) {
				return;
			}
			Instant startedAt = Instant.now();
			Throwable failure = run.runBody();
			// An interrupt meant for that round must not cut the next wait short.
			Thread.interrupted();
			this.worker.bodyRunEnded(run, startedAt, failure);
			if (this.stop.isStopped()) {
				return;
			}
			Instant next = next(failure, System.nanoTime() - run.startNanos, (due != null) ? due : startedAt);
			if (next == null) {
				return;
			}
			due = next;
			id = this.worker.nextTaskId();
		}
	}

	/**
	 * Decides what follows a round.
	 * @return when the next round is due; {@code null} when none follows
	 */
	private @Nullable Instant next(@Nullable Throwable failure, long ranNanos, Instant wasDue) {
		Schedule scheduled = this.schedule;
		if (failure == null && scheduled != null) {
			this.history.succeeded();
			Instant now = Instant.now();
			Instant next = scheduled.nextRun(wasDue, now, now);
			if (next == null) {
				this.worker.scheduleEnded();
			}
			return next;
		}
		if (failure == null && this.spec.restart() != RestartPolicy.ALWAYS) {
			this.worker.bodyReturned();
			return null;
		}
		if (failure != null && this.spec.restart() == RestartPolicy.NEVER) {
			this.worker.fail(failure, "its restart policy is NEVER");
			return null;
		}
		if (!this.history.allow()) {
			this.worker.fail(failure, "it needed more than " + this.spec.maxRestarts() + " restarts within "
					+ this.spec.restartWindow());
			return null;
		}
		Duration delay = this.history.nextDelay(ranNanos);
		this.worker.restarting(failure, delay, ranNanos);
		Instant afterBackoff = Instant.now().plus(delay);
		if (scheduled == null) {
			waitUntil(afterBackoff);
			return afterBackoff;
		}
		// A failed scheduled run is retried after its backoff, or at its next scheduled time if that comes later.
		Instant now = Instant.now();
		Instant scheduledNext = scheduled.nextRun(wasDue, now, now);
		if (scheduledNext == null) {
			// A schedule that ends (a one-shot, a trigger's last time) ends with a failed run too, not retried.
			this.worker.scheduleEnded();
			return null;
		}
		return (scheduledNext != null && scheduledNext.isAfter(afterBackoff)) ? scheduledNext : afterBackoff;
	}

	/** Waits until the instant, a stop, or (for a scheduled body) a trigger. */
	private void waitUntil(Instant due) {
		synchronized (this.wake) {
			this.waiting = true;
		}
		try {
			if (!this.triggered) {
				Duration wait = Duration.between(Instant.now(), due);
				if (!wait.isNegative() && !wait.isZero()) {
					this.stop.sleep(wait);
				}
			}
		}
		finally {
			synchronized (this.wake) {
				this.waiting = false;
				// A trigger's interrupt ends here, never in the body.
				Thread.interrupted();
			}
		}
	}

}
