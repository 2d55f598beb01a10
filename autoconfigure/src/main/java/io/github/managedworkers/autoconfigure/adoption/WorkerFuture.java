package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerState;

/**
 * What the adopted scheduler returns for a scheduled task: cancelling it removes the task's worker, draining a run in
 * flight within the drain timeout (and interrupting it after); it is done once the worker stopped for good.
 */
final class WorkerFuture implements ScheduledFuture<Object> {

	private static final Log logger = LogFactory.getLog(WorkerFuture.class);

	private final WorkerHandle worker;

	private final WorkerRegistry registry;

	private final CompletableFuture<Object> cancelled = new CompletableFuture<>();

	WorkerFuture(WorkerHandle worker, WorkerRegistry registry) {
		this.worker = worker;
		this.registry = registry;
	}

	/**
	 * The worker that runs the task.
	 * @return the worker
	 */
	WorkerHandle worker() {
		return this.worker;
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		if (!this.cancelled.cancel(mayInterruptIfRunning)) {
			return false;
		}
		try {
			if (this.registry.find(this.worker.name()).orElse(null) == this.worker) {
				this.registry.remove(this.worker.name());
			}
		}
		catch (RuntimeException ex) {
			// Spring cancels every task as the context is destroyed, after the registry drained and closed.
			logger.debug("Worker '" + this.worker.name() + "' was already gone when its task was cancelled", ex);
		}
		return true;
	}

	@Override
	public boolean isCancelled() {
		return this.cancelled.isCancelled();
	}

	@Override
	public boolean isDone() {
		return this.cancelled.isDone() || this.worker.state() == WorkerState.STOPPED
				&& this.worker.snapshot().nextRun() == null;
	}

	@Override
	public @Nullable Object get() throws InterruptedException, ExecutionException {
		return this.cancelled.get();
	}

	@Override
	public @Nullable Object get(long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		return this.cancelled.get(timeout, unit);
	}

	@Override
	public long getDelay(TimeUnit unit) {
		Instant next = this.worker.snapshot().nextRun();
		if (next == null) {
			return 0;
		}
		return unit.convert(Duration.between(Instant.now(), next).toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public int compareTo(Delayed other) {
		return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
	}

}
