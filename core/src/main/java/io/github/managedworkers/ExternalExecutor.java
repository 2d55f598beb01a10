package io.github.managedworkers;

import java.util.concurrent.RejectedExecutionException;

/**
 * An executor that is not the registry's (an application's thread pool), seen by the worker that owns its tasks: the
 * registry does not start its threads, but tracks every task it runs (listed with its stack, counted, observed by
 * the listeners), reads its queue, and stops it in the registry's drain. Register it with
 * {@link WorkerRegistry#register(WorkerSpec, ExternalExecutor)}, and have the executor run each task through
 * {@link ExecutorWorker#track(Runnable)}.
 * <p>
 * The drain calls, in its order: {@link #shutdown()} as it begins (no new task is accepted, queued tasks still
 * start), {@link #awaitTermination(long)} until the drain's deadline, {@link #cancelQueued()} at the deadline (the
 * tasks that never started are counted in {@link DrainReport#notStarted()}), then it interrupts the tracked tasks
 * still running.
 */
public interface ExternalExecutor {

	/**
	 * Hands a task to the executor, for {@link WorkerHandle#submit(Task)}; the executor runs it through
	 * {@link ExecutorWorker#track(Runnable)} like any other.
	 * @param task the task
	 * @throws RejectedExecutionException if the executor refuses it (full, or shut down)
	 */
	void execute(Runnable task);

	/**
	 * The tasks accepted and waiting for a thread, cheap enough for a gauge.
	 * @return the queue's length now
	 */
	int queued();

	/**
	 * The most tasks that run at once now (the pool's maximum size).
	 * @return 1 or more; {@link Integer#MAX_VALUE} when unbounded
	 */
	int maxConcurrency();

	/**
	 * Whether the executor runs its tasks on virtual threads: their stacks are read one by one.
	 * @return whether its threads are virtual
	 */
	default boolean virtualThreads() {
		return false;
	}

	/**
	 * The drain begins: take no new task, let the queued ones start. Called once.
	 */
	void shutdown();

	/**
	 * Waits until every task accepted before {@link #shutdown()} has ended, or the timeout passes.
	 * @param timeoutNanos how long to wait at most
	 * @return whether every task ended
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	boolean awaitTermination(long timeoutNanos) throws InterruptedException;

	/**
	 * The drain's deadline passed: removes the tasks that never started from the queue, and fails or cancels their
	 * futures so that no caller waits for them forever.
	 * @return how many never started
	 */
	int cancelQueued();

	/**
	 * Changes how many tasks run at once, for {@link WorkerHandle#resize(int)}; running tasks are never interrupted.
	 * @param maxConcurrency 1 or more
	 * @throws UnsupportedOperationException if this executor cannot be resized; the default
	 */
	default void resize(int maxConcurrency) {
		throw new UnsupportedOperationException("this executor has no pool size to change");
	}

}
