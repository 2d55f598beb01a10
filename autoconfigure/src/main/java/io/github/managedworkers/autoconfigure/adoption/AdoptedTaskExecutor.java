package io.github.managedworkers.autoconfigure.adoption;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskRejectedException;

import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.WorkerHandle;

/**
 * The application's {@code applicationTaskExecutor}: every task (an {@code @Async} call, an MVC async request, an
 * {@code @Async} event listener) is submitted to one worker, through its bulkhead, so that it is a live task with a
 * stack in the endpoint, is counted, and is drained on shutdown. A full bulkhead answers the Spring way:
 * {@link #execute} and {@link #submit} throw a {@link TaskRejectedException}, {@link #submitCompletable} returns a
 * future failed with one (a {@link CompletionException} around it, as any failure of a {@code submitCompletable}
 * task, as on Spring's executors); its cause, a {@link RejectedTaskException}, names the worker, its limit and the
 * reason.
 * <p>
 * Spring's {@link TaskDecorator} beans apply, as they do to Boot's own executor.
 */
public final class AdoptedTaskExecutor implements AsyncTaskExecutor {

	private final WorkerHandle worker;

	private final @Nullable TaskDecorator decorator;

	/**
	 * Creates an executor that submits to the given worker.
	 * @param worker the worker, usually named {@code async}
	 * @param decorator Spring's decorator of every task, or {@code null} for none
	 */
	public AdoptedTaskExecutor(WorkerHandle worker, @Nullable TaskDecorator decorator) {
		this.worker = worker;
		this.decorator = decorator;
	}

	/**
	 * The worker that runs the tasks.
	 * @return the worker
	 */
	public WorkerHandle worker() {
		return this.worker;
	}

	// Spring's and the JDK's executor methods declare Future<Void> and CompletableFuture<Void>, whose value is null;
	// NullAway reads the runnables' tasks returning it as a lie.
	@Override
	@SuppressWarnings("NullAway")
	public void execute(Runnable task) {
		Runnable decorated = decorate(task);
		throwIfRejected(this.worker.submit((ctx) -> {
			decorated.run();
			return null;
		}));
	}

	@Override
	@SuppressWarnings("NullAway")
	public Future<?> submit(Runnable task) {
		Runnable decorated = decorate(task);
		return throwIfRejected(this.worker.submit((ctx) -> {
			decorated.run();
			return null;
		}));
	}

	@Override
	public <T extends @Nullable Object> Future<T> submit(Callable<T> task) {
		return throwIfRejected(submitCallable(task));
	}

	@Override
	@SuppressWarnings("NullAway")
	public CompletableFuture<Void> submitCompletable(Runnable task) {
		Runnable decorated = decorate(task);
		return completable(this.worker.submit((ctx) -> {
			decorated.run();
			return null;
		}));
	}

	@Override
	public <T extends @Nullable Object> CompletableFuture<T> submitCompletable(Callable<T> task) {
		return completable(submitCallable(task));
	}

	private <T extends @Nullable Object> CompletableFuture<T> submitCallable(Callable<T> task) {
		if (this.decorator == null) {
			return this.worker.submit((ctx) -> task.call());
		}
		// A TaskDecorator wraps Runnables: carry the result and the failure across it.
		Object[] result = new Object[1];
		Exception[] failure = new Exception[1];
		Runnable decorated = this.decorator.decorate(() -> {
			try {
				result[0] = task.call();
			}
			catch (Exception ex) {
				failure[0] = ex;
			}
		});
		return this.worker.submit((ctx) -> {
			decorated.run();
			if (failure[0] != null) {
				throw failure[0];
			}
			@SuppressWarnings("unchecked")
			T value = (T) result[0];
			return value;
		});
	}

	private Runnable decorate(Runnable task) {
		return (this.decorator != null) ? this.decorator.decorate(task) : task;
	}

	private static <T> CompletableFuture<T> throwIfRejected(CompletableFuture<T> future) {
		RejectedTaskException rejected = rejection(future);
		if (rejected != null) {
			throw new TaskRejectedException(String.valueOf(rejected.getMessage()), rejected);
		}
		return future;
	}

	/**
	 * The future {@code submitCompletable} hands out, as Spring's executors' ({@code CompletableFuture.runAsync}):
	 * a dependent stage, so that {@code whenComplete} and {@code handle} see a failure as a
	 * {@link CompletionException} whose cause is the task's exception (or the {@link TaskRejectedException}), while
	 * {@code get()} still throws an {@code ExecutionException} with that cause. Cancelling it cancels the task.
	 */
	private static <T extends @Nullable Object> CompletableFuture<T> completable(CompletableFuture<T> future) {
		RejectedTaskException rejected = rejection(future);
		CompletableFuture<T> source = (rejected != null) ? CompletableFuture
			.failedFuture(new TaskRejectedException(String.valueOf(rejected.getMessage()), rejected)) : future;
		CompletableFuture<T> dependent = source.thenApply(Function.identity());
		dependent.whenComplete((value, failure) -> {
			if (dependent.isCancelled()) {
				source.cancel(false);
			}
		});
		return dependent;
	}

	/** A rejection fails the future before submit returns; a task's own failure comes later, on its thread. */
	static @Nullable RejectedTaskException rejection(CompletableFuture<?> future) {
		if (!future.isCompletedExceptionally()) {
			return null;
		}
		try {
			future.join();
			return null;
		}
		catch (CompletionException ex) {
			return (ex.getCause() instanceof RejectedTaskException rejected) ? rejected : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return "AdoptedTaskExecutor[worker=" + this.worker.name() + "]";
	}

}
