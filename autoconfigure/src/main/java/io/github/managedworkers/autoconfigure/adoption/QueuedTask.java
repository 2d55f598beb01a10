package io.github.managedworkers.autoconfigure.adoption;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.support.SimpleTriggerContext;
import org.springframework.util.ErrorHandler;

/**
 * A task the application or a library scheduled (not a {@code @Scheduled} method), waiting in the
 * {@link ScheduledTaskQueue} for its next run, and its {@link java.util.concurrent.ScheduledFuture}, which keeps
 * {@code Future}'s contract as Spring's schedulers do: a one-shot task's future is done once it ran, with its failure
 * as an {@code ExecutionException}; a repeated task's future is done when its trigger ends or it is cancelled; the
 * delay turns negative once the run is due.
 */
final class QueuedTask extends ScheduledRun {

	private static final Log logger = LogFactory.getLog(QueuedTask.class);

	private final Runnable task;

	private final @Nullable Next next;

	private final Clock clock;

	private final @Nullable ErrorHandler errorHandler;

	private final ScheduledTaskQueue queue;

	/** When the next (or last) run is due, as an instant and on {@link System#nanoTime()}'s scale. */
	private volatile Instant due;

	private volatile long dueNanos;

	private QueuedTask(Runnable task, Instant first, @Nullable Next next, Clock clock,
			@Nullable ErrorHandler errorHandler, ScheduledTaskQueue queue) {
		this.task = task;
		this.next = next;
		this.clock = clock;
		this.errorHandler = errorHandler;
		this.queue = queue;
		this.due = first;
		this.dueNanos = nanosAt(first);
	}

	static QueuedTask once(Runnable task, Instant at, Clock clock, @Nullable ErrorHandler errorHandler,
			ScheduledTaskQueue queue) {
		return new QueuedTask(task, at, null, clock, errorHandler, queue);
	}

	static QueuedTask fixedRate(Runnable task, Instant first, Duration period, Clock clock,
			@Nullable ErrorHandler errorHandler, ScheduledTaskQueue queue) {
		return new QueuedTask(task, first, (scheduled, actual, completion) -> scheduled.plus(period), clock,
				errorHandler, queue);
	}

	static QueuedTask fixedDelay(Runnable task, Instant first, Duration delay, Clock clock,
			@Nullable ErrorHandler errorHandler, ScheduledTaskQueue queue) {
		return new QueuedTask(task, first, (scheduled, actual, completion) -> completion.plus(delay), clock,
				errorHandler, queue);
	}

	/**
	 * A task on a trigger, as Spring's {@code ReschedulingRunnable}.
	 * @return the task, or {@code null} when the trigger never fires
	 */
	static @Nullable QueuedTask triggered(Runnable task, Trigger trigger, Clock clock,
			@Nullable ErrorHandler errorHandler, ScheduledTaskQueue queue) {
		SimpleTriggerContext context = new SimpleTriggerContext(clock);
		Instant first = trigger.nextExecution(context);
		if (first == null) {
			return null;
		}
		return new QueuedTask(task, first, (scheduled, actual, completion) -> {
			context.update(scheduled, actual, completion);
			return trigger.nextExecution(context);
		}, clock, errorHandler, queue);
	}

	private long nanosAt(Instant at) {
		return System.nanoTime() + Duration.between(this.clock.instant(), at).toNanos();
	}

	long dueNanos() {
		return this.dueNanos;
	}

	/**
	 * One run, on a task thread of the shared worker: its failure goes to the error handler, or is logged and (for a
	 * one-shot task) put on the future, as Spring's schedulers do; then the next run is queued, if any.
	 * @throws Exception the run's failure, so that the worker counts it
	 */
	void run() throws Exception {
		if (!runBegins()) {
			return;
		}
		Instant scheduled = this.due;
		Instant actual = this.clock.instant();
		Throwable failure = null;
		try {
			this.task.run();
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			runEnded();
		}
		if (failure == null || handled(failure)) {
			Instant following = (this.next != null) ? this.next.after(scheduled, actual, this.clock.instant()) : null;
			if (following == null) {
				this.result.complete(null);
			}
			else {
				this.due = following;
				this.dueNanos = nanosAt(following);
				this.queue.requeue(this);
			}
		}
		if (failure instanceof Exception ex) {
			throw ex;
		}
		if (failure instanceof Error error) {
			throw error;
		}
	}

	/**
	 * What Spring's default error handlers do: a repeated task's failure is logged and the task goes on; a one-shot
	 * task's is logged and fails the future. A user's handler gets every failure; if it throws, the task ends.
	 * @return whether the task goes on as if it had succeeded
	 */
	private boolean handled(Throwable failure) {
		if (this.errorHandler != null) {
			try {
				this.errorHandler.handleError(failure);
				return true;
			}
			catch (Throwable ex) {
				this.result.completeExceptionally(ex);
				return false;
			}
		}
		logger.error("Unexpected error occurred in scheduled task " + this.task, failure);
		if (this.next == null) {
			this.result.completeExceptionally(failure);
			return false;
		}
		return true;
	}

	/** The queue refused it (drained, or closed): it never runs. */
	void rejected(Throwable why) {
		this.result.completeExceptionally(why);
	}

	@Override
	void cancelled(boolean running) {
		this.queue.remove(this);
	}

	@Override
	public long getDelay(TimeUnit unit) {
		return unit.convert(this.dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
	}

	@Override
	public int compareTo(Delayed other) {
		return (other instanceof QueuedTask queued && other != this) ? Long.signum(this.dueNanos - queued.dueNanos)
				: super.compareTo(other);
	}

	@Override
	public String toString() {
		return "scheduled task " + this.task;
	}

	/** When the run after one is due; {@code null} when none follows. */
	@FunctionalInterface
	private interface Next {

		@Nullable Instant after(Instant scheduled, Instant actual, Instant completion);

	}

}
