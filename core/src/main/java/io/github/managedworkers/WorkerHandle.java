package io.github.managedworkers;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One worker in a {@link WorkerRegistry}: submit tasks to it, start and stop it, and look at it.
 */
public interface WorkerHandle {

	/**
	 * The worker's unique name.
	 * @return the name
	 */
	String name();

	/**
	 * How the worker runs.
	 * @return the spec it was registered with
	 */
	WorkerSpec spec();

	/**
	 * The worker's state now.
	 * @return the state
	 */
	WorkerState state();

	/**
	 * Submits a task to run on its own thread, through the worker's bulkhead. When all permits are busy the call
	 * waits up to {@link WorkerSpec#maxWait()} for one. The returned future never hangs on a rejection: it fails at
	 * once with a {@link RejectedTaskException} that names the worker, its limit and the reason (full, stopping, not
	 * running).
	 * <p>
	 * {@code future.cancel(true)} interrupts the task's thread.
	 * @param task the task
	 * @param <T> the result type
	 * @return the task's future: its result, its failure, or the rejection
	 */
	<T extends @Nullable Object> CompletableFuture<T> submit(Task<T> task);

	/**
	 * Opens a task group on this worker, for code outside it (a request handler, a test) that fans work out to it:
	 * its tasks stop when the worker drains, or when the first of them fails. Close it with try-with-resources.
	 * @param <T> the result type of the group's tasks
	 * @return the group, bounded only by the worker's bulkhead
	 * @see TaskGroup
	 * @see WorkerContext#group()
	 */
	<T extends @Nullable Object> TaskGroup<T> group();

	/**
	 * Opens a task group on this worker of which at most {@code maxConcurrency} tasks run at once, as
	 * {@link WorkerContext#group(int)}.
	 * @param maxConcurrency 1 or more
	 * @param <T> the result type of the group's tasks
	 * @return the group
	 * @throws IllegalArgumentException if {@code maxConcurrency} is less than 1
	 */
	<T extends @Nullable Object> TaskGroup<T> group(int maxConcurrency);

	/**
	 * Starts the worker: its body begins to run and submits are accepted. Starting a running worker does nothing; a
	 * stopped or failed one starts afresh.
	 * @throws IllegalStateException if the worker is stopping
	 */
	void start();

	/**
	 * Drains the worker: rejects new work, signals stop, waits up to {@code timeout} for live tasks, interrupts the
	 * rest, and after the registry's interrupt grace reports every task still alive as abandoned, with its stack.
	 * Stopping a worker that is not running, or stopping twice, is safe.
	 * @param timeout how long live tasks may take to finish
	 * @return what happened to the live tasks
	 */
	DrainReport stop(Duration timeout);

	/**
	 * Drains the worker with the registry's drain timeout, as {@link #stop(Duration)}.
	 * @return what happened to the live tasks
	 */
	DrainReport stop();

	/**
	 * Pauses a periodic or cron worker: its scheduled runs are skipped until {@link #resume()}, while a run in
	 * progress finishes and submitted tasks go on. The worker reports {@link WorkerState#PAUSED}. Pausing a paused
	 * worker does nothing; a stop or a new start ends the pause.
	 * @throws IllegalStateException if the worker has no schedule (a loop body, or no body)
	 */
	void pause();

	/**
	 * Resumes a paused worker: its next scheduled run happens as due. Resuming a worker that is not paused does
	 * nothing.
	 */
	void resume();

	/**
	 * Runs the body of a periodic or cron worker once now, paused or not, without overlapping a run in progress: a
	 * trigger during a run starts one more run as soon as it ends. Triggers that come before the run starts count
	 * once.
	 * @throws IllegalStateException if the worker has no schedule, or is not running
	 */
	void trigger();

	/**
	 * Changes the bulkhead's limit at once: growing lets waiting submitters in; shrinking never interrupts a running
	 * task, the worker simply admits no new task until fewer than the new limit run. {@link WorkerSpec#maxConcurrency()}
	 * keeps the configured value; {@link WorkerSnapshot#maxConcurrency()} shows the limit in force.
	 * @param maxConcurrency 1 or more
	 * @throws InvalidWorkerSpecException if {@code maxConcurrency} is less than 1
	 */
	void resize(int maxConcurrency);

	/**
	 * The worker's live task count (its body included), cheap enough for a gauge.
	 * @return the number of live tasks
	 */
	int activeTasks();

	/**
	 * How many accepted tasks wait in the worker's queue for a permit ({@link WorkerSpec#queueCapacity()}), cheap
	 * enough for a gauge.
	 * @return the number of queued tasks; {@code 0} for a worker without a queue
	 */
	default int queuedTasks() {
		return 0;
	}

	/**
	 * The worker's state and counters, without its tasks: cheap, whatever the number of live tasks.
	 * @return the snapshot
	 */
	WorkerSnapshot snapshot();

	/**
	 * The worker's state, counters and live tasks, oldest first.
	 * @param withStacks whether to capture each task's stack (about 5 µs per virtual thread)
	 * @return the snapshot
	 */
	WorkerSnapshot snapshot(boolean withStacks);

	/**
	 * The worker's live tasks, oldest first, at most {@code limit} of them and at most {@code maxFrames} frames of
	 * each stack.
	 * @param limit the most tasks to return, zero or more
	 * @param maxFrames the most frames per stack, zero for no stacks
	 * @return the tasks
	 */
	List<TaskSnapshot> tasks(int limit, int maxFrames);

	/**
	 * The worker's live tasks that have run longer than {@link WorkerSpec#stuckAfter()}, oldest first, without
	 * stacks. A loop body is never stuck: it runs for the worker's life.
	 * @param limit the most tasks to return, zero or more
	 * @return the stuck tasks, empty when the spec sets no threshold
	 */
	List<TaskSnapshot> stuckTasks(int limit);

	/**
	 * Where the lease of an exclusive worker stands on this instance: leader or standby, and who holds it.
	 * @return the lease's status; empty for a worker that is not exclusive
	 */
	default Optional<LeaseStatus> lease() {
		return Optional.empty();
	}

}
