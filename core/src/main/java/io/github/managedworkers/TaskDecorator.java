package io.github.managedworkers;

import org.jspecify.annotations.Nullable;

/**
 * Wraps each submitted task on the submitting thread, before it is handed to its own thread: the hook for carrying
 * context (logging MDC, tracing, security) from the submitter to the task, as Spring's {@code TaskDecorator} does for
 * executors. Each run of a worker's body is decorated too, on the body's own thread just before the run, so that a
 * decorator that opens a scope per task (a trace span, say) sees body runs as well; the wrapped task can tell them
 * apart by {@link WorkerContext#kind()}.
 *
 * <pre>{@code
 * TaskDecorator mdc = new TaskDecorator() {
 *     public <T> Task<T> decorate(Task<T> task) {
 *         Map<String, String> captured = MDC.getCopyOfContextMap();  // on the submitting thread
 *         return ctx -> {
 *             MDC.setContextMap(captured);                            // on the task's thread
 *             try { return task.call(ctx); } finally { MDC.clear(); }
 *         };
 *     }
 * };
 * }</pre>
 */
public interface TaskDecorator {

	/**
	 * Wraps a task. Called on the submitting thread, once per accepted submit, and on the body's thread once per body
	 * run.
	 * @param task the task as submitted
	 * @param <T> the result type
	 * @return the task to run instead
	 */
	<T extends @Nullable Object> Task<T> decorate(Task<T> task);

}
