package io.github.managedworkers.autoconfigure.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import io.github.managedworkers.LeadershipChange;
import io.github.managedworkers.LeaseStatus;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerListener;
import io.github.managedworkers.WorkerRegistry;

/**
 * The leadership of exclusive workers: {@code workers.leader} (1 leading, 0 standby) and
 * {@code workers.leadership.changes} tagged {@code cause} = {@code granted}, {@code released} or {@code lost}, both
 * tagged {@code worker}.
 */
public class LeadershipMetrics implements WorkerListener, MeterBinder {

	private final Supplier<WorkerRegistry> registry;

	private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry meterRegistry;

	/**
	 * Creates the metrics.
	 * @param registry the worker registry, looked up when bound
	 */
	public LeadershipMetrics(Supplier<WorkerRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public synchronized void bindTo(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
		for (WorkerHandle worker : this.registry.get().workers()) {
			workerRegistered(worker);
		}
	}

	@Override
	public void workerRegistered(WorkerHandle worker) {
		MeterRegistry meters = this.meterRegistry;
		if (meters == null || !worker.spec().exclusive()) {
			return;
		}
		this.gauges.computeIfAbsent(worker.name(),
				(name) -> Gauge.builder("workers.leader", worker, LeadershipMetrics::leading)
					.description("Whether this instance runs the exclusive worker's body: 1 leading, 0 standby")
					.tag("worker", name)
					.register(meters));
	}

	@Override
	public void workerRemoved(WorkerHandle worker) {
		MeterRegistry meters = this.meterRegistry;
		Gauge gauge = this.gauges.remove(worker.name());
		if (meters != null && gauge != null) {
			meters.remove(gauge);
		}
	}

	@Override
	public void leadershipChanged(WorkerHandle worker, LeadershipChange change) {
		MeterRegistry meters = this.meterRegistry;
		if (meters != null) {
			Counter.builder("workers.leadership.changes")
				.description("Leadership changes of exclusive workers on this instance")
				.tag("worker", worker.name())
				.tag("cause", change.name().toLowerCase(java.util.Locale.ROOT))
				.register(meters)
				.increment();
		}
	}

	private static double leading(WorkerHandle worker) {
		return worker.lease().map((lease) -> (lease.role() == LeaseStatus.Role.LEADER) ? 1.0 : 0.0).orElse(0.0);
	}

}
