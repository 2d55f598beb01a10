package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ErrorHandler;

import io.github.managedworkers.Schedule;
import io.github.managedworkers.Worker;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerHandle;

/**
 * A {@code @Scheduled} method's worker seen as Spring sees a scheduled task: its schedule (starting at the start time
 * Spring asked for, not at the registry's start), its body (the method, with the application's {@link ErrorHandler}),
 * and the {@link java.util.concurrent.ScheduledFuture} Spring holds. Cancelling never blocks the caller: no run of the
 * method starts any more, a run in flight finishes (interrupted only by {@code cancel(true)}), and the worker is
 * removed from the registry after it, from the shared worker's thread, so a task may cancel itself.
 */
final class WorkerFuture extends ScheduledRun implements Schedule, Worker {

	private static final Log logger = LogFactory.getLog(WorkerFuture.class);

	private final Runnable task;

	private final Schedule schedule;

	private final @Nullable Instant start;

	private final @Nullable ErrorHandler errorHandler;

	private final Retirement retirement;

	private volatile @Nullable WorkerHandle worker;

	private volatile @Nullable Instant lastDue;

	WorkerFuture(Runnable task, Schedule schedule, @Nullable Instant start, @Nullable ErrorHandler errorHandler,
			Retirement retirement) {
		this.task = task;
		this.schedule = schedule;
		this.start = start;
		this.errorHandler = errorHandler;
		this.retirement = retirement;
	}

	void attach(WorkerHandle worker) {
		this.worker = worker;
	}

	/**
	 * The worker that runs the task.
	 * @return the worker
	 */
	WorkerHandle worker() {
		WorkerHandle current = this.worker;
		if (current == null) {
			throw new IllegalStateException("No worker attached to " + this);
		}
		return current;
	}

	// The schedule

	@Override
	public @Nullable Instant nextRun(@Nullable Instant lastScheduled, @Nullable Instant lastEnded, Instant now) {
		// A cancelled task's schedule goes on until its removal stops the worker: one drain, not two at once.
		if (this.result.isDone() && !this.result.isCancelled()) {
			return null;
		}
		Instant next = (lastScheduled == null && this.start != null) ? this.start
				: this.schedule.nextRun(lastScheduled, lastEnded, now);
		if (next == null) {
			this.result.complete(null);
		}
		else {
			this.lastDue = next;
		}
		return next;
	}

	@Override
	public String describe() {
		return this.schedule.describe();
	}

	// The body

	@Override
	public void run(WorkerContext ctx) throws Exception {
		if (!runBegins()) {
			return;
		}
		try {
			this.task.run();
		}
		catch (RuntimeException | Error ex) {
			if (this.errorHandler == null) {
				throw ex;
			}
			// A handler that throws fails the run, which the worker counts; the schedule goes on, as Spring's.
			this.errorHandler.handleError(ex);
		}
		finally {
			if (runEnded()) {
				this.retirement.retireLater(this);
			}
		}
	}

	// The future

	@Override
	void cancelled(boolean running) {
		if (!running) {
			// Nothing in flight: the worker only waits for its next run, and stops at once.
			this.retirement.retireNow(this);
		}
	}

	@Override
	public long getDelay(TimeUnit unit) {
		WorkerHandle current = this.worker;
		Instant next = (current != null) ? current.snapshot().nextRun() : null;
		if (next == null) {
			next = this.lastDue;
		}
		if (next == null) {
			next = this.start;
		}
		if (next == null) {
			return 0;
		}
		return unit.convert(Duration.between(Instant.now(), next).toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public String toString() {
		WorkerHandle current = this.worker;
		return "scheduled method " + ((current != null) ? current.name() : this.task);
	}

	/** Removes the worker of a cancelled task from the registry. */
	interface Retirement {

		/** From the cancelling thread: the worker has no run in flight, its drain ends at once. */
		void retireNow(WorkerFuture future);

		/** From the worker's own run: the removal waits for the run, so it happens on another thread. */
		void retireLater(WorkerFuture future);

	}

	static void logGone(String name, RuntimeException ex) {
		// Spring cancels every task as the context is destroyed, after the registry drained and closed.
		logger.debug("Worker '" + name + "' was already gone when its task was cancelled", ex);
	}

}
