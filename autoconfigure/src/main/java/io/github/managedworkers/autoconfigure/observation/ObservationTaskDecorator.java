package io.github.managedworkers.autoconfigure.observation;

import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import io.github.managedworkers.Task;
import io.github.managedworkers.TaskDecorator;
import io.github.managedworkers.TaskOutcome;
import io.github.managedworkers.WorkerContext;

/**
 * Makes each task and body run a Micrometer {@link Observation}, whose parent is the observation current on the
 * submitting thread (none for a body run: each run starts its own trace). The observation is current while the task
 * runs, so that the task's own calls (HTTP clients, JDBC, ...) nest under it.
 * <p>
 * When nothing would see the observation (a no-op registry, or, as the starter wires it, no handler beyond the
 * metrics ones, which leave task observations alone) a task is returned as it is: a branch, not an allocation. Meant
 * to be
 * applied inside the decorator that carries the submitter's context (it has the highest precedence, and Spring's
 * composite applies the first decorator innermost): that decorator restores the submitter's current observation,
 * which this one must then replace with the task's own.
 */
public class ObservationTaskDecorator implements TaskDecorator {

	private static final WorkerTaskObservationConvention DEFAULT_CONVENTION = new DefaultWorkerTaskObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable WorkerTaskObservationConvention convention;

	private final BooleanSupplier watched;

	/**
	 * Creates a decorator that observes every task unless the registry is a no-op one.
	 * @param registry where observations go
	 * @param convention the user's names and keys, or {@code null} for {@link DefaultWorkerTaskObservationConvention}
	 */
	public ObservationTaskDecorator(ObservationRegistry registry, @Nullable WorkerTaskObservationConvention convention) {
		this(registry, convention, () -> true);
	}

	/**
	 * Creates a decorator that observes tasks only while something would see their observations.
	 * @param registry where observations go
	 * @param convention the user's names and keys, or {@code null} for {@link DefaultWorkerTaskObservationConvention}
	 * @param watched whether a handler of the registry would see a task's observation (a tracer, your own handler);
	 * asked for every task, so it must be cheap
	 */
	public ObservationTaskDecorator(ObservationRegistry registry, @Nullable WorkerTaskObservationConvention convention,
			BooleanSupplier watched) {
		this.registry = registry;
		this.convention = convention;
		this.watched = watched;
	}

	@Override
	public <T extends @Nullable Object> Task<T> decorate(Task<T> task) {
		if (this.registry.isNoop() || !this.watched.getAsBoolean()) {
			return task;
		}
		Observation parent = this.registry.getCurrentObservation();
		return (ctx) -> observe(task, ctx, parent);
	}

	private <T> T observe(Task<T> task, WorkerContext ctx, @Nullable Observation parent) throws Exception {
		WorkerTaskObservationContext context = new WorkerTaskObservationContext(ctx.workerName(), ctx.kind(),
				ctx.taskId());
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.parentObservation(parent)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			T value = task.call(ctx);
			context.setOutcome(TaskOutcome.COMPLETED);
			return value;
		}
		catch (Throwable ex) {
			context.setOutcome(outcome(ctx, ex));
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/** As the worker counts it: ended by a stop or a cancel, or failed. */
	private static TaskOutcome outcome(WorkerContext ctx, Throwable failure) {
		boolean cancelled = ctx instanceof Future<?> future && future.isCancelled();
		boolean stopped = ctx.isStopping()
				&& (failure instanceof InterruptedException || Thread.currentThread().isInterrupted());
		return (cancelled || stopped) ? TaskOutcome.INTERRUPTED : TaskOutcome.FAILED;
	}

}
