package io.github.managedworkers.internal;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.WorkerContext;

/**
 * The managed task on the current thread, behind {@link WorkerContext#current()}: for code that cannot take a
 * context parameter (a {@code @Scheduled} method, a library callback).
 * <p>
 * The task sits in its thread's uncaught-exception handler while it runs: the registry owns the thread and catches
 * everything the task throws, so that slot is free, and it costs nothing. A thread-local would give every virtual
 * thread a map of its own (measured: ~140 bytes a parked task, and garbage enough to double the collections with
 * 100,000 tasks in flight); a {@code ScopedValue} binding adds two objects and several frames to every parked stack.
 * If the task replaces its thread's handler, {@code current()} no longer finds it.
 */
public final class CurrentTask {

	private CurrentTask() {
	}

	/**
	 * The context of the body run or task running on this thread.
	 * @return the context, or {@code null} on a thread that runs no managed task
	 */
	public static @Nullable WorkerContext get() {
		return (Thread.currentThread().getUncaughtExceptionHandler() instanceof TaskRun<?> run) ? run : null;
	}

	/**
	 * Whether a thread runs a body or task of some registry now.
	 * @param thread the thread
	 * @return whether a managed task sits in its handler slot
	 */
	static boolean runsOn(Thread thread) {
		return thread.getUncaughtExceptionHandler() instanceof TaskRun<?>;
	}

	static void enter(TaskRun<?> run) {
		Thread.currentThread().setUncaughtExceptionHandler(run);
	}

	static void exit() {
		Thread.currentThread().setUncaughtExceptionHandler(null);
	}

}
