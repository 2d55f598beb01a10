package io.github.managedworkers;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A worker as seen at one moment: its state, its counters and, when asked for, its live tasks.
 *
 * @param name the worker's name
 * @param state its state
 * @param activeTasks how many of its tasks (body included) are live
 * @param maxConcurrency its bulkhead's size now (after any {@link WorkerHandle#resize(int)})
 * @param availablePermits how many more submitted tasks may start now
 * @param started tasks started since registration (body runs included)
 * @param completed tasks that returned normally
 * @param failed tasks that threw
 * @param interrupted tasks that a drain (or a cancel) interrupted
 * @param rejected submits that were refused
 * @param restarts restarts of the body after it ended
 * @param lastFailure the last failure of the body or a task, or {@code null}
 * @param schedule when its body runs ({@link Schedule#describe()}), or {@code null} for a loop body or none
 * @param lastRun the last finished run of a periodic or cron body, or {@code null}
 * @param nextRun when the next run of a periodic or cron body is due, or {@code null}
 * @param tasks live tasks, oldest first, when asked for; otherwise empty
 * @param queued accepted tasks waiting in its queue for a permit ({@link WorkerSpec#queueCapacity()})
 */
public record WorkerSnapshot(String name, WorkerState state, int activeTasks, int maxConcurrency,
		int availablePermits, long started, long completed, long failed, long interrupted, long rejected, long restarts,
		@Nullable WorkerFailure lastFailure, @Nullable String schedule, @Nullable RunRecord lastRun,
		@Nullable Instant nextRun, List<TaskSnapshot> tasks, int queued) {

	/**
	 * Creates a snapshot.
	 */
	public WorkerSnapshot {
		tasks = List.copyOf(tasks);
	}

	/**
	 * Creates a snapshot of a worker without a queue.
	 * @param name the worker's name
	 * @param state its state
	 * @param activeTasks how many of its tasks (body included) are live
	 * @param maxConcurrency its bulkhead's size now
	 * @param availablePermits how many more submitted tasks may start now
	 * @param started tasks started since registration
	 * @param completed tasks that returned normally
	 * @param failed tasks that threw
	 * @param interrupted tasks that a drain (or a cancel) interrupted
	 * @param rejected submits that were refused
	 * @param restarts restarts of the body after it ended
	 * @param lastFailure the last failure, or {@code null}
	 * @param schedule when its body runs, or {@code null}
	 * @param lastRun the last finished run of a periodic or cron body, or {@code null}
	 * @param nextRun when the next run is due, or {@code null}
	 * @param tasks live tasks, when asked for
	 */
	public WorkerSnapshot(String name, WorkerState state, int activeTasks, int maxConcurrency, int availablePermits,
			long started, long completed, long failed, long interrupted, long rejected, long restarts,
			@Nullable WorkerFailure lastFailure, @Nullable String schedule, @Nullable RunRecord lastRun,
			@Nullable Instant nextRun, List<TaskSnapshot> tasks) {
		this(name, state, activeTasks, maxConcurrency, availablePermits, started, completed, failed, interrupted,
				rejected, restarts, lastFailure, schedule, lastRun, nextRun, tasks, 0);
	}

}
