package io.github.managedworkers.autoconfigure.adoption;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.support.ScheduledMethodRunnable;

import io.github.managedworkers.ExecutorWorker;
import io.github.managedworkers.WorkerState;

/**
 * The task decorator an owned executor runs with: the application's own decorator first, then its worker's tracking,
 * so that each task the executor runs is a live task of the worker (its stack listed, its end counted) while the
 * application's decorator still wraps the task as before.
 */
final class OwningTaskDecorator implements TaskDecorator {

	/** How Spring's error-handling wrapper, and the JDK's future around it, name a scheduled method. */
	private static final Pattern SCHEDULED_METHOD = Pattern
		.compile("DelegatingErrorHandlingRunnable for ([\\p{javaJavaIdentifierPart}.]+)\\.([\\p{javaJavaIdentifierPart}]+)");

	private final @Nullable TaskDecorator own;

	private final ExecutorWorker worker;

	private final boolean scheduler;

	private final boolean refuseWhenStopping;

	/**
	 * @param own the application's decorator, or {@code null}
	 * @param worker the executor's worker
	 * @param scheduler whether the executor is a scheduler, whose tasks are named after their scheduled method
	 * @param refuseWhenStopping whether the decorator refuses tasks once the drain began: for an executor that cannot
	 * be told to stop taking tasks without closing it on its own terms
	 */
	OwningTaskDecorator(@Nullable TaskDecorator own, ExecutorWorker worker, boolean scheduler,
			boolean refuseWhenStopping) {
		this.own = own;
		this.worker = worker;
		this.scheduler = scheduler;
		this.refuseWhenStopping = refuseWhenStopping;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		if (this.refuseWhenStopping && this.worker.state() != WorkerState.RUNNING) {
			throw new TaskRejectedException("Executor '" + this.worker.name() + "' is " + this.worker.state()
					+ ": the application is shutting down, and its worker drains");
		}
		Runnable decorated = (this.own != null) ? this.own.decorate(runnable) : runnable;
		String name = this.scheduler ? scheduledMethod(runnable) : null;
		return new ExecutorTask(runnable, this.worker.track(decorated, name));
	}

	/**
	 * The scheduled method a scheduler's task runs, as {@code Class.method}, where Spring's wrappers name it; the
	 * scheduler hands its decorator a future that shows its task only in {@code toString()}.
	 */
	static @Nullable String scheduledMethod(Runnable runnable) {
		if (runnable instanceof ScheduledMethodRunnable method) {
			return method.getMethod().getDeclaringClass().getSimpleName() + "." + method.getMethod().getName();
		}
		Matcher matcher = SCHEDULED_METHOD.matcher(runnable.toString());
		if (!matcher.find()) {
			return null;
		}
		String type = matcher.group(1);
		return type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1) + "." + matcher.group(2);
	}

	/**
	 * A task as the executor queues it: it runs tracked, and keeps the task it was handed, whose future a drain
	 * cancels if it never started.
	 *
	 * @param original the task the executor was handed
	 * @param tracked the decorated task, tracked by the worker
	 */
	record ExecutorTask(Runnable original, Runnable tracked) implements Runnable {

		@Override
		public void run() {
			this.tracked.run();
		}

	}

}
