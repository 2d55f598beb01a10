package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;

import io.github.managedworkers.InvalidWorkerSpecException;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.autoconfigure.InvalidManagedWorkerException;
import io.github.managedworkers.autoconfigure.ManagedWorkersProperties;
import io.github.managedworkers.autoconfigure.WorkerSources;

/**
 * The {@code applicationTaskExecutor} (alias {@code taskExecutor}) as a worker named {@code async}, unless the
 * application has an {@link Executor} bean of its own; Boot's task-execution auto-configuration then backs off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "managed-workers.adopt.async", matchIfMissing = true)
@ConditionalOnMissingBean(Executor.class)
class AsyncAdoptionConfiguration {

	static final String WORKER = "async";

	/**
	 * The queue of the {@code async} worker when nothing sets one: {@code @Async} callers expect to return at once, as
	 * with Boot's executor (whose queue is unbounded); bounded, so that a runaway producer is refused, not queued
	 * until the heap is gone.
	 */
	static final int DEFAULT_QUEUE_CAPACITY = 10_000;

	@Bean(name = { "applicationTaskExecutor", "taskExecutor" })
	AdoptedTaskExecutor applicationTaskExecutor(WorkerRegistry registry, ManagedWorkersProperties properties,
			Environment environment, WorkerSources sources, ObjectProvider<TaskDecorator> taskDecorators) {
		SpringTaskSettings spring = new SpringTaskSettings(environment);
		spring.logUnmapped(SpringTaskSettings.EXECUTION);
		WorkerSpec spec = spec(properties, spring, environment);
		sources.adopted(WORKER, WorkerSources.ASYNC);
		WorkerHandle worker = registry.register(spec);
		// Running from now on, not from the registry's start: @Async calls made while the context starts must work.
		worker.start();
		return new AdoptedTaskExecutor(worker, decorator(taskDecorators));
	}

	/**
	 * The most specific setting wins: {@code managed-workers.workers.async.*}, then Boot's limit on its executor, then
	 * {@code managed-workers.defaults.*}. The queue's last resort is {@link #DEFAULT_QUEUE_CAPACITY}, not the
	 * defaults' none: an {@code @Async} call must return without waiting.
	 */
	static WorkerSpec spec(ManagedWorkersProperties properties, SpringTaskSettings spring, Environment environment) {
		ManagedWorkersProperties.Defaults defaults = properties.getDefaults();
		ManagedWorkersProperties.Worker own = properties.getWorkers().get(WORKER);
		String prefix = "managed-workers.workers." + WORKER + ".";
		WorkerSpec.Builder builder = WorkerSpec.builder(WORKER)
			.threadNamePrefix(spring.executionThreadNamePrefix());
		String key = "managed-workers.defaults.max-concurrency";
		Object value = defaults.getMaxConcurrency();
		SpringTaskSettings.Limit limit = spring.executionLimit();
		if (limit != null) {
			key = limit.key();
			value = limit.value();
		}
		if (own != null && own.getMaxConcurrency() != null) {
			key = prefix + "max-concurrency";
			value = own.getMaxConcurrency();
		}
		try {
			builder.maxConcurrency((Integer) value);
			key = prefix + "max-wait";
			Duration maxWait = (own != null) ? own.getMaxWait() : null;
			if (maxWait == null) {
				key = "managed-workers.defaults.max-wait";
				maxWait = defaults.getMaxWait();
			}
			value = maxWait;
			builder.maxWait(maxWait);
			Duration stuckAfter = (own != null && own.getStuckAfter() != null) ? own.getStuckAfter()
					: defaults.getStuckAfter();
			key = "managed-workers.defaults.stuck-after";
			value = String.valueOf(stuckAfter);
			builder.stuckAfter(stuckAfter);
			SpringTaskSettings.Limit queue = queueCapacity(own, spring, environment);
			key = queue.key();
			value = queue.value();
			builder.queueCapacity(queue.value());
			return builder.build();
		}
		catch (InvalidWorkerSpecException ex) {
			throw new InvalidManagedWorkerException(
					"Invalid value '" + value + "' for " + key + " of the adopted 'async' worker: allowed is "
							+ ex.allowed() + ".",
					"Change " + key + " to " + ex.allowed() + ".", ex);
		}
	}

	/**
	 * {@code managed-workers.workers.async.queue-capacity}, else Boot's {@code spring.task.execution.pool.queue-capacity},
	 * else {@code managed-workers.defaults.queue-capacity} when it is set, else {@link #DEFAULT_QUEUE_CAPACITY}.
	 */
	private static SpringTaskSettings.Limit queueCapacity(ManagedWorkersProperties.@Nullable Worker own,
			SpringTaskSettings spring, Environment environment) {
		Integer ownCapacity = (own != null) ? own.getQueueCapacity() : null;
		if (ownCapacity != null) {
			return new SpringTaskSettings.Limit("managed-workers.workers." + WORKER + ".queue-capacity", ownCapacity);
		}
		SpringTaskSettings.Limit boot = spring.executionQueueCapacity();
		if (boot != null) {
			return boot;
		}
		// Only when written: the defaults' built-in 0 (no queue) is not what an @Async caller expects.
		String defaults = "managed-workers.defaults.queue-capacity";
		return Binder.get(environment)
			.bind(defaults, Integer.class)
			.map((value) -> new SpringTaskSettings.Limit(defaults, value))
			.orElse(new SpringTaskSettings.Limit("the adopted 'async' worker's default queue", DEFAULT_QUEUE_CAPACITY));
	}

	private static @Nullable TaskDecorator decorator(ObjectProvider<TaskDecorator> taskDecorators) {
		List<TaskDecorator> all = taskDecorators.orderedStream().toList();
		if (all.isEmpty()) {
			return null;
		}
		return (all.size() == 1) ? all.get(0) : new CompositeTaskDecorator(all);
	}

}
