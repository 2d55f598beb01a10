package io.github.managedworkers.autoconfigure;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import io.github.managedworkers.WorkerRegistry;

/**
 * Starts the workers with the application and drains them when it stops.
 * <p>
 * Its phase sits just below the embedded web server's, so workers start before the server takes its first request,
 * and drain only after Spring Boot's graceful shutdown has let the requests in flight finish: a request still running
 * during shutdown can hand a task to a worker, and that task completes in the drain. The drain runs on the shutdown
 * thread, within {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
class ManagedWorkersLifecycle implements SmartLifecycle {

	/** One below the web server's start/stop phase ({@code DEFAULT_PHASE - 2048}). */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048 - 1;

	private final WorkerRegistry registry;

	private final ApplicationEventPublisher events;

	private final ApplicationAvailability availability;

	private volatile boolean running;

	ManagedWorkersLifecycle(WorkerRegistry registry, ApplicationEventPublisher events,
			ApplicationAvailability availability) {
		this.registry = registry;
		this.events = events;
		this.availability = availability;
	}

	@Override
	public void start() {
		this.registry.start();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		// Spring Boot refuses traffic on close only in web applications; a worker-only service must too, so that a
		// load balancer or a consumer group lets it go before it drains.
		if (this.availability.getReadinessState() != ReadinessState.REFUSING_TRAFFIC) {
			AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
		}
		this.registry.drain();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
