package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.managedworkers.DrainReport;
import io.github.managedworkers.ExecutorWorker;
import io.github.managedworkers.ExternalExecutor;
import io.github.managedworkers.InvalidWorkerSpecException;
import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.Task;
import io.github.managedworkers.TaskOutcome;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.WorkerState;

/**
 * A worker whose tasks run on an {@link ExternalExecutor}'s threads: no permits of its own (the executor bounds
 * itself), its tasks tracked as they run, its queue read from the executor, and the executor shut down by the drain.
 */
final class ExecutorWorkerRuntime extends WorkerRuntime implements ExecutorWorker {

	private static final Logger logger = LoggerFactory.getLogger(WorkerHandle.class);

	private final ExternalExecutor executor;

	ExecutorWorkerRuntime(WorkerSettings settings, WorkerSpec spec, ExternalExecutor executor) {
		super(settings, spec, null, executor.virtualThreads());
		this.executor = executor;
	}

	@Override
	public Runnable track(Runnable task) {
		return track(task, null);
	}

	@Override
	public Runnable track(Runnable task, @Nullable String name) {
		Objects.requireNonNull(task, "task");
		return new TrackedTask(this, task, name);
	}

	@Override
	public <T extends @Nullable Object> CompletableFuture<T> submit(Task<T> task) {
		Objects.requireNonNull(task, "task");
		CompletableFuture<T> future = new CompletableFuture<>();
		try {
			this.executor.execute(() -> {
				try {
					future.complete(task.call(Objects.requireNonNull(WorkerContext.current().orElse(null),
							"a task of an executor's worker runs tracked")));
				}
				catch (Throwable ex) {
					future.completeExceptionally(ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			WorkerState now = state();
			RejectedTaskException.Reason reason = switch (now) {
				case RUNNING -> RejectedTaskException.Reason.FULL;
				case STOPPING -> RejectedTaskException.Reason.STOPPING;
				default -> RejectedTaskException.Reason.NOT_RUNNING;
			};
			RejectedTaskException rejection = new RejectedTaskException(name(), reason, now, limit(), Duration.ZERO,
					null);
			rejection.initCause(ex);
			return CompletableFuture.failedFuture(rejection);
		}
		return future;
	}

	@Override
	public void start() {
		if (state() == WorkerState.STOPPED) {
			throw new IllegalStateException("Worker '" + name() + "' runs the tasks of an executor that its drain shut "
					+ "down; an executor does not start again");
		}
		super.start();
	}

	@Override
	public DrainReport stop(Duration timeout) {
		throw new IllegalStateException("Worker '" + name() + "' runs the tasks of an executor of the application's: "
				+ "it stops with the application, in the registry's drain");
	}

	@Override
	public void resize(int maxConcurrency) {
		if (maxConcurrency < 1) {
			throw new InvalidWorkerSpecException(name(), "maxConcurrency", maxConcurrency, "an integer of 1 or more");
		}
		try {
			this.executor.resize(maxConcurrency);
		}
		catch (UnsupportedOperationException ex) {
			throw new IllegalStateException("Worker '" + name() + "' cannot be resized: " + ex.getMessage(), ex);
		}
	}

	@Override
	boolean holdsPermits() {
		// The executor bounds its own concurrency.
		return false;
	}

	/** A task the drain interrupted counts as interrupted however it ended: a {@code FutureTask} swallows the failure. */
	@Override
	TaskOutcome outcomeOf(TaskRun<?> run, @Nullable Throwable failure) {
		return (run.interruptedByStop && !run.isCancelled()) ? TaskOutcome.INTERRUPTED : super.outcomeOf(run, failure);
	}

	@Override
	int limit() {
		return this.executor.maxConcurrency();
	}

	@Override
	int availablePermits() {
		return Math.max(0, limit() - activeTasks());
	}

	@Override
	public int queuedTasks() {
		return this.executor.queued();
	}

	@Override
	void stopping() {
		this.executor.shutdown();
	}

	@Override
	boolean awaitIdle(long deadlineNanos) throws InterruptedException {
		long remaining = deadlineNanos - System.nanoTime();
		if (remaining > 0) {
			this.executor.awaitTermination(remaining);
		}
		return super.awaitIdle(deadlineNanos);
	}

	@Override
	int closeQueue() {
		int notStarted = this.executor.cancelQueued();
		if (notStarted > 0) {
			logger.warn("Executor '{}' never started {} queued {}: the drain's deadline came first; their futures are "
					+ "cancelled", name(), notStarted, (notStarted == 1) ? "task" : "tasks");
		}
		return notStarted;
	}

	/**
	 * A task of the executor, tracked each time it runs, on the executor's thread. The registry's task decorator is
	 * not applied: the executor has its own.
	 */
	private static final class TrackedTask implements Runnable, Task<Boolean> {

		private final ExecutorWorkerRuntime worker;

		private final Runnable task;

		private final @Nullable String name;

		TrackedTask(ExecutorWorkerRuntime worker, Runnable task, @Nullable String name) {
			this.worker = worker;
			this.task = task;
			this.name = name;
		}

		/** One run, as the worker tracks it: returns {@code true}, as a task's result is never null. */
		@Override
		public Boolean call(WorkerContext ctx) {
			this.task.run();
			return true;
		}

		@Override
		public void run() {
			Thread thread = Thread.currentThread();
			Thread.UncaughtExceptionHandler own = thread.getUncaughtExceptionHandler();
			Throwable failure;
			try {
				failure = this.worker.runOnCallingThread(this, this.name);
			}
			finally {
				// The task sat in the handler's slot while it ran (CurrentTask): the thread gets its own back.
				thread.setUncaughtExceptionHandler((own == thread.getThreadGroup()) ? null : own);
			}
			if (failure != null) {
				// The executor handles what its task throws, as without the worker.
				throw sneaky(failure);
			}
		}

		@SuppressWarnings("unchecked")
		private static <E extends Throwable> E sneaky(Throwable failure) throws E {
			throw (E) failure;
		}

		@Override
		public String toString() {
			return this.task.toString();
		}

	}

}
