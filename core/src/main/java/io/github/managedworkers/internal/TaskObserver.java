package io.github.managedworkers.internal;

import org.jspecify.annotations.Nullable;

/**
 * What a task group hears of the tasks submitted through it, and nothing more: the worker calls these so that a
 * group keeps its own books, the way Go's errgroup releases its limit slot before {@code Wait}'s counter.
 *
 * @param <T> the result type of the tasks
 */
interface TaskObserver<T extends @Nullable Object> {

	/** The task holds a permit and is tracked; its thread has not started yet. */
	void accepted(TaskRun<T> run);

	/**
	 * The task's body returned or threw, and the worker released its permit; its future is not complete yet, so that
	 * whoever sees it complete finds the group's slot free too.
	 * @param failure what it threw, or {@code null}
	 */
	void finishing(TaskRun<T> run, @Nullable Throwable failure);

	/** The task's future is complete. */
	void ended(TaskRun<T> run);

	/** A drain gave up on the task: nobody waits for it any longer, though its thread may still run. */
	void abandoned(TaskRun<T> run);

}
