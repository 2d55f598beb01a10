package io.github.managedworkers.internal;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.WorkerContext;

/**
 * The managed task on the current thread, behind {@link WorkerContext#current()}: for code that cannot take a
 * context parameter (a {@code @Scheduled} method, a library callback).
 */
public final class CurrentTask {

	private static final ThreadLocal<@Nullable WorkerContext> CURRENT = new ThreadLocal<>();

	private CurrentTask() {
	}

	/**
	 * The context of the body run or task running on this thread.
	 * @return the context, or {@code null} on a thread that runs no managed task
	 */
	public static @Nullable WorkerContext get() {
		return CURRENT.get();
	}

	static void enter(WorkerContext context) {
		CURRENT.set(context);
	}

	static void exit() {
		CURRENT.remove();
	}

}
