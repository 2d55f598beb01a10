package io.github.managedworkers.internal;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.managedworkers.TaskKind;
import io.github.managedworkers.TaskOutcome;
import io.github.managedworkers.WorkerFailure;
import io.github.managedworkers.WorkerHandle;

/**
 * One worker's counters and its last failure, and the rate-limited log of its failures: the books a snapshot reads
 * and a task's end writes. Counters are striped so that many tasks ending at once do not contend on one field.
 */
final class TaskCounts {

	private static final Logger logger = LoggerFactory.getLogger(WorkerHandle.class);

	final LongAdder started = new LongAdder();

	final LongAdder completed = new LongAdder();

	final LongAdder failed = new LongAdder();

	final LongAdder interrupted = new LongAdder();

	final LongAdder rejected = new LongAdder();

	final AtomicLong restarts = new AtomicLong();

	private final FailureLog failureLog = new FailureLog();

	private volatile @Nullable WorkerFailure lastFailure;

	@Nullable WorkerFailure lastFailure() {
		return this.lastFailure;
	}

	/**
	 * How a task ended: interrupted when a stop or a cancel interrupted it, failed when it threw anything else.
	 * Decided once, so that the worker's counters, its listeners and a drain's report say the same.
	 */
	static TaskOutcome outcomeOf(TaskRun<?> run, @Nullable Throwable failure) {
		if (failure == null) {
			return TaskOutcome.COMPLETED;
		}
		if (run.interruptedByStop || run.isCancelled()
				|| (failure instanceof InterruptedException && run.signal.isStopped())) {
			return TaskOutcome.INTERRUPTED;
		}
		return TaskOutcome.FAILED;
	}

	/** Counts a task's end; a failure is kept as the last one, and logged for a task. */
	void ended(String worker, TaskRun<?> run, TaskOutcome outcome, @Nullable Throwable failure, long nanos) {
		if (outcome == TaskOutcome.INTERRUPTED) {
			this.interrupted.increment();
			return;
		}
		if (failure == null) {
			this.completed.increment();
			return;
		}
		this.failed.increment();
		this.lastFailure = new WorkerFailure(failure.getClass().getName(), failure.getMessage(), Instant.now(), run.id,
				run.kind);
		if (run.kind == TaskKind.TASK) {
			// A body's failure is logged with its restart instead.
			long heldBack = this.failureLog.admit();
			if (heldBack >= 0) {
				logger.warn("Task #{} of worker '{}' failed after {} ms{}", run.id, worker,
						TimeUnit.NANOSECONDS.toMillis(nanos), FailureLog.heldBackNote(heldBack), failure);
			}
		}
	}

	/**
	 * Counts a restart of the body.
	 * @return how many restarts so far, and how many failure lines were held back before this one's, or {@code -1}
	 * when this one is held back too
	 */
	long[] restarted() {
		return new long[] { this.restarts.incrementAndGet(), this.failureLog.admit() };
	}

}
