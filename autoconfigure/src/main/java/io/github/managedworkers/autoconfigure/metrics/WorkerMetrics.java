package io.github.managedworkers.autoconfigure.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.TaskKind;
import io.github.managedworkers.TaskOutcome;
import io.github.managedworkers.TaskSnapshot;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerState;
import io.github.managedworkers.WorkerListener;
import io.github.managedworkers.WorkerRegistry;

/**
 * The metrics of every worker, each tagged {@code worker}: {@code workers.tasks.active} and
 * {@code workers.bulkhead.available} gauges (with {@code workers.bulkhead.limit}, its size), {@code workers.tasks} counted by {@code outcome} (completed, failed,
 * rejected, interrupted), the {@code workers.task.duration} timer, and the {@code workers.restarts} and
 * {@code workers.drain.abandoned} counters.
 * <p>
 * Meters are created once per worker, so that an event costs one map lookup and an increment.
 */
public class WorkerMetrics implements WorkerListener, MeterBinder {

	private final Supplier<WorkerRegistry> registry;

	private final Map<String, Meters> meters = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry meterRegistry;

	/**
	 * Creates the metrics of the workers of a registry.
	 * @param registry the worker registry, asked for when the metrics are bound: the registry itself is built with
	 * these metrics as a listener
	 */
	public WorkerMetrics(Supplier<WorkerRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public synchronized void bindTo(MeterRegistry meterRegistry) {
		if (this.meterRegistry != meterRegistry) {
			this.meters.clear(); // meters belong to one registry; Spring Boot binds once, to its composite
		}
		this.meterRegistry = meterRegistry;
		for (WorkerHandle worker : this.registry.get().workers()) {
			workerRegistered(worker);
		}
	}

	@Override
	public void workerRegistered(WorkerHandle worker) {
		MeterRegistry meterRegistry = this.meterRegistry;
		if (meterRegistry != null) {
			this.meters.computeIfAbsent(worker.name(), (name) -> new Meters(meterRegistry, worker));
		}
	}

	@Override
	public void workerRemoved(WorkerHandle worker) {
		Meters removed = this.meters.remove(worker.name());
		MeterRegistry meterRegistry = this.meterRegistry;
		if (removed != null && meterRegistry != null) {
			removed.all.forEach(meterRegistry::remove);
		}
	}

	@Override
	public void taskFinished(WorkerHandle worker, TaskKind kind, TaskOutcome outcome, long durationNanos,
			@Nullable Throwable failure) {
		Meters meters = this.meters.get(worker.name());
		if (meters != null) {
			meters.outcome(outcome).increment();
			meters.duration.record(durationNanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void taskRejected(WorkerHandle worker, RejectedTaskException rejection) {
		Meters meters = this.meters.get(worker.name());
		if (meters != null) {
			meters.outcome(TaskOutcome.REJECTED).increment();
		}
	}

	@Override
	public void restarted(WorkerHandle worker, @Nullable Throwable cause, Duration backoff) {
		Meters meters = this.meters.get(worker.name());
		if (meters != null) {
			meters.restarts.increment();
		}
	}

	@Override
	public void abandoned(WorkerHandle worker, TaskSnapshot task) {
		Meters meters = this.meters.get(worker.name());
		if (meters != null) {
			meters.abandoned.increment();
		}
	}

	/** One worker's meters. */
	private static final class Meters {

		final Map<TaskOutcome, Counter> outcomes = new EnumMap<>(TaskOutcome.class);

		/** The counter of an outcome: every outcome has one from the start. */
		Counter outcome(TaskOutcome outcome) {
			return Objects.requireNonNull(this.outcomes.get(outcome), outcome::name);
		}

		final Timer duration;

		final Counter restarts;

		final Counter abandoned;

		final List<Meter> all;

		Meters(MeterRegistry registry, WorkerHandle worker) {
			String name = worker.name();
			for (TaskOutcome outcome : TaskOutcome.values()) {
				this.outcomes.put(outcome,
						Counter.builder("workers.tasks")
							.description("Tasks of a worker that ended, or were rejected, by outcome")
							.tag("worker", name)
							.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
							.register(registry));
			}
			this.duration = Timer.builder("workers.task.duration")
				.description("How long tasks and body runs of a worker ran")
				.tag("worker", name)
				.register(registry);
			this.restarts = Counter.builder("workers.restarts")
				.description("Restarts of a worker's body after it ended")
				.tag("worker", name)
				.register(registry);
			this.abandoned = Counter.builder("workers.drain.abandoned")
				.description("Tasks of a worker still alive after a drain interrupted them")
				.tag("worker", name)
				.register(registry);
			Gauge active = Gauge.builder("workers.tasks.active", worker, WorkerHandle::activeTasks)
				.description("Live tasks of a worker, its body included")
				.tag("worker", name)
				.register(registry);
			Gauge queued = Gauge.builder("workers.tasks.queued", worker, WorkerHandle::queuedTasks)
				.description("Accepted tasks of a worker waiting in its queue for a permit")
				.tag("worker", name)
				.register(registry);
			Gauge available = Gauge
				.builder("workers.bulkhead.available", worker, (handle) -> handle.snapshot().availablePermits())
				.description("Free permits of a worker's bulkhead")
				.tag("worker", name)
				.register(registry);
			// The limit in force, which a resize changes, not the configured one.
			Gauge limit = Gauge
				.builder("workers.bulkhead.limit", worker, (handle) -> handle.snapshot().maxConcurrency())
				.description("Size of a worker's bulkhead, for the saturation available / limit")
				.tag("worker", name)
				.register(registry);
			Gauge paused = Gauge
				.builder("workers.paused", worker, (handle) -> (handle.state() == WorkerState.PAUSED) ? 1 : 0)
				.description("Whether a worker's scheduled runs are paused: 1 paused, 0 not")
				.tag("worker", name)
				.register(registry);
			List<Meter> all = new ArrayList<>(this.outcomes.values());
			all.addAll(List.of(this.duration, this.restarts, this.abandoned, active, queued, available, limit,
					paused));
			this.all = List.copyOf(all);
		}

	}

}
