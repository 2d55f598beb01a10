package io.github.managedworkers;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.github.managedworkers.internal.CurrentTask;

/**
 * What a worker's body and tasks see of their worker, as Go code sees its {@code context.Context}: a stop signal,
 * sleeps that wake when it comes, callbacks for it, and child tasks.
 * <p>
 * Each body run and each task gets its own context; it is meant for the thread it was handed to.
 */
public interface WorkerContext {

	/**
	 * The context of the body run or task running on this thread, for code that cannot take it as a parameter: a
	 * {@code @Scheduled} or {@code @Async} method run by a worker, a library callback called from a task. The task is
	 * kept in its thread's uncaught-exception handler slot (free, since the worker catches what a task throws, and
	 * cheaper than a thread-local): a task that sets its thread's handler no longer finds itself here.
	 * @return the context, or empty on a thread that runs no managed task
	 */
	static Optional<WorkerContext> current() {
		return Optional.ofNullable(CurrentTask.get());
	}

	/**
	 * The name of the worker this body or task belongs to.
	 * @return the worker name
	 */
	String workerName();

	/**
	 * The id of this body run or task, as {@link TaskSnapshot#id()} shows it: for log lines and traces.
	 * @return the task id, unique within the registry
	 */
	long taskId();

	/**
	 * Whether this is a run of the worker's body or a submitted task.
	 * @return the kind
	 */
	TaskKind kind();

	/**
	 * Whether a stop was requested: the worker is draining, or (for a task of a {@link TaskGroup}) its group stopped.
	 * Loops check it and return.
	 * @return {@code true} once a stop was requested
	 */
	boolean isStopping();

	/**
	 * Why a stop was requested: the registry drains, an operator stopped the worker, an exclusive worker lost its
	 * lease, the task's group failed, was closed or timed out.
	 * @return the cause, empty until a stop was requested
	 */
	Optional<StopCause> stopCause();

	/**
	 * Waits the given time, or less if a stop comes first. Unlike {@link Thread#sleep(long)} it never throws: when
	 * the thread is interrupted it returns {@code false} and keeps the thread's interrupt flag set.
	 * @param duration how long to wait, zero or more
	 * @return {@code true} only if the whole duration passed without a stop or an interrupt
	 * @throws IllegalArgumentException if the duration is negative
	 */
	boolean sleep(Duration duration);

	/**
	 * Registers a callback that runs once, when a stop is requested, on the thread that requests it; for example to
	 * close a blocking socket so that the task can exit. If a stop was already requested it runs at once, on the
	 * calling thread; if the task ends between the stop and the callback, it runs on the task's thread as the task
	 * ends. It is dropped, unrun, when this body run or task ends with no stop requested.
	 * @param callback a short, non-blocking action
	 */
	void onStop(Runnable callback);

	/**
	 * Submits a child task to the same worker, through its bulkhead, as {@link WorkerHandle#submit(Task)} does.
	 * <p>
	 * A task that waits for a child submitted to its own, full bulkhead can deadlock, as in Go's errgroup with a
	 * limit: give the worker room for both, or do not wait.
	 * @param task the task
	 * @param <T> the result type
	 * @return the task's future, failed with a {@link RejectedTaskException} when it was not accepted
	 */
	<T extends @Nullable Object> CompletableFuture<T> submit(Task<T> task);

	/**
	 * Opens a task group whose tasks are children of this body run or task: they run on this worker, through its
	 * bulkhead, and stop when this context's stop signal comes (or the first of them fails). Close it with
	 * try-with-resources.
	 * @param <T> the result type of the group's tasks
	 * @return the group, bounded only by the worker's bulkhead
	 * @see TaskGroup
	 */
	<T extends @Nullable Object> TaskGroup<T> group();

	/**
	 * Opens a task group, as {@link #group()}, of which at most {@code maxConcurrency} tasks run at once, errgroup's
	 * {@code SetLimit}: a submit beyond it waits for a slot, then for a permit of the worker's bulkhead as usual. A
	 * limit above the worker's {@link WorkerSpec#maxConcurrency()} bounds nothing more.
	 * @param maxConcurrency 1 or more
	 * @param <T> the result type of the group's tasks
	 * @return the group
	 * @throws IllegalArgumentException if {@code maxConcurrency} is less than 1
	 */
	<T extends @Nullable Object> TaskGroup<T> group(int maxConcurrency);

}
