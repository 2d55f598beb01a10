package io.github.managedworkers.autoconfigure.adoption;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * The {@link ScheduledFuture} of a task on the adopted scheduler, as Spring's schedulers keep {@code Future}'s
 * contract: done with {@code null}, a failure or a cancellation; {@code cancel(false)} returns at once and leaves the
 * run in flight alone, {@code cancel(true)} interrupts it.
 */
abstract class ScheduledRun implements ScheduledFuture<Object> {

	/** The task's outcome: {@code null} once its schedule ended, its failure, or its cancellation. */
	final CompletableFuture<@Nullable Object> result = new CompletableFuture<>();

	/** The thread running the task now; guarded by {@code this}. */
	private @Nullable Thread runner;

	/**
	 * Marks a run as begun on the current thread.
	 * @return {@code false} when the task is done (cancelled): the run must not happen
	 */
	final synchronized boolean runBegins() {
		if (this.result.isDone()) {
			return false;
		}
		this.runner = Thread.currentThread();
		return true;
	}

	/**
	 * Marks the run as ended; a {@code cancel(true)} meant for it no longer reaches the thread.
	 * @return whether the task was cancelled meanwhile
	 */
	final boolean runEnded() {
		synchronized (this) {
			this.runner = null;
		}
		boolean cancelled = this.result.isCancelled();
		if (cancelled) {
			Thread.interrupted();
		}
		return cancelled;
	}

	/**
	 * What follows a cancellation, on the cancelling thread, which must not block.
	 * @param running whether a run is in flight
	 */
	abstract void cancelled(boolean running);

	@Override
	public final boolean cancel(boolean mayInterruptIfRunning) {
		Thread running;
		synchronized (this) {
			if (!this.result.cancel(false)) {
				return false;
			}
			running = this.runner;
		}
		cancelled(running != null);
		if (mayInterruptIfRunning && running != null) {
			running.interrupt();
		}
		return true;
	}

	@Override
	public final boolean isCancelled() {
		return this.result.isCancelled();
	}

	@Override
	public final boolean isDone() {
		return this.result.isDone();
	}

	@Override
	public final @Nullable Object get() throws InterruptedException, ExecutionException {
		return this.result.get();
	}

	@Override
	public final @Nullable Object get(long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		return this.result.get(timeout, unit);
	}

	@Override
	public int compareTo(Delayed other) {
		return (other == this) ? 0 : Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
	}

}
