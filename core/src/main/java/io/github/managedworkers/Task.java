package io.github.managedworkers;

import org.jspecify.annotations.Nullable;

/**
 * A unit of work submitted to a worker. It runs on its own thread (virtual on Java 21+ by default), holds one
 * permit of the worker's bulkhead while it runs, and sees the worker's stop signal through its context.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface Task<T extends @Nullable Object> {

	/**
	 * Runs the task.
	 * @param ctx the task's context: the worker's stop signal, stop-aware sleep, and child submission
	 * @return the result that completes the task's future
	 * @throws Exception any failure, which completes the future exceptionally and is logged and counted
	 */
	T call(WorkerContext ctx) throws Exception;

}
