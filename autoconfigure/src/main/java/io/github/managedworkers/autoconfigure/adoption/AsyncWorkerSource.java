package io.github.managedworkers.autoconfigure.adoption;

import org.springframework.boot.context.properties.PropertyMapper;

import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.autoconfigure.WorkerSetting;
import io.github.managedworkers.autoconfigure.WorkerSpecSource;

/**
 * The adopted {@code applicationTaskExecutor} as the source of the {@code async} worker: Boot's limit and queue on its
 * executor map onto {@code max-concurrency} and {@code queue-capacity}; the worker has no body, so the settings of a
 * body are locked.
 */
final class AsyncWorkerSource implements WorkerSpecSource {

	/**
	 * The queue of the {@code async} worker when nothing sets one: {@code @Async} callers expect to return at once, as
	 * with Boot's executor (whose queue is unbounded); bounded, so that a runaway producer is refused, not queued
	 * until the heap is gone.
	 */
	static final int DEFAULT_QUEUE_CAPACITY = 10_000;

	static final String NO_BODY = "the 'async' worker has no body to schedule, restart or elect: it runs the tasks "
			+ "submitted to Spring's applicationTaskExecutor";

	private final SpringTaskSettings spring;

	AsyncWorkerSource(SpringTaskSettings spring) {
		this.spring = spring;
	}

	@Override
	public String name() {
		return AsyncAdoptionConfiguration.WORKER;
	}

	@Override
	public String declaration() {
		return "the adopted applicationTaskExecutor";
	}

	@Override
	public void defaults(Settings settings) {
		// Not the defaults' "no queue" unless a user wrote managed-workers.defaults.queue-capacity: an @Async call
		// must return without waiting.
		settings.declared(WorkerSetting.QUEUE_CAPACITY, DEFAULT_QUEUE_CAPACITY,
				"the 'async' worker's default queue-capacity");
	}

	@Override
	public void springTask(Settings settings) {
		PropertyMapper map = PropertyMapper.get();
		map.from(this.spring.executionLimit())
			.to((limit) -> settings.property(WorkerSetting.MAX_CONCURRENCY, limit.value(), limit.key()));
		map.from(this.spring.executionQueueCapacity())
			.to((queue) -> settings.property(WorkerSetting.QUEUE_CAPACITY, queue.value(), queue.key()));
	}

	@Override
	public void own(Settings settings) {
		settings.fixed(WorkerSetting.ofABody(), NO_BODY);
	}

	@Override
	public void configure(WorkerSpec.Builder builder) {
		builder.threadNamePrefix(this.spring.executionThreadNamePrefix());
	}

}
