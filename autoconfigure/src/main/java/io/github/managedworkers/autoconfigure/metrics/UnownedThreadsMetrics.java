package io.github.managedworkers.autoconfigure.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.managedworkers.WorkerRegistry;

/**
 * The {@code workers.threads.unowned} gauge: the live platform threads of the JVM that the worker registry does not
 * own, so that a dashboard shows their growth under steady load, where leaks hide (Go operators watch
 * {@code runtime.NumGoroutine()} the same way). It counts the thread ids the JVM reports minus the registry's own:
 * no stacks, no thread dump, cheap enough for every scrape. Virtual threads are not counted (the JVM can list them
 * only through a thread dump); {@code GET /actuator/workers?view=unowned} lists both.
 */
public class UnownedThreadsMetrics implements MeterBinder {

	private final Supplier<WorkerRegistry> registry;

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	/**
	 * Creates the gauge's binder.
	 * @param registry the worker registry, asked for when the gauge is read
	 */
	public UnownedThreadsMetrics(Supplier<WorkerRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void bindTo(MeterRegistry meterRegistry) {
		Gauge.builder("workers.threads.unowned", this, UnownedThreadsMetrics::count)
			.description("Live platform threads of the JVM that the worker registry does not own")
			.register(meterRegistry);
	}

	/**
	 * Counts the live platform threads the registry does not own.
	 * @return the count
	 */
	public int count() {
		long[] ids = this.threads.getAllThreadIds();
		Set<Long> owned = this.registry.get().ownedThreadIds();
		int unowned = 0;
		for (long id : ids) {
			if (!owned.contains(id)) {
				unowned++;
			}
		}
		return unowned;
	}

}
