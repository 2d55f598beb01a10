package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.task.SimpleAsyncTaskExecutorCustomizer;
import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.ConfigurableApplicationContext;
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
 * application has an {@link Executor} bean of its own; Boot's task-execution auto-configuration then backs off. With
 * {@code spring.task.execution.mode=force} the application asked for Boot's own executor whatever other executors it
 * has: this configuration then backs off instead.
 * <p>
 * Spring's background bean initialisation ({@code @Bean(bootstrap = BACKGROUND)}) runs on the {@code bootstrapExecutor}
 * which Boot aliases to the {@code applicationTaskExecutor}; here it is an executor of its own on the same worker that
 * runs a task on the calling thread when the worker is full, so that startup never fails on a rejection.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "managed-workers.adopt.async", matchIfMissing = true)
@ConditionalOnProperty(name = "spring.task.execution.mode", havingValue = "auto", matchIfMissing = true)
@ConditionalOnMissingBean(Executor.class)
class AsyncAdoptionConfiguration {

	static final String WORKER = "async";

	@Bean(name = { "applicationTaskExecutor", "taskExecutor" })
	AdoptedTaskExecutor applicationTaskExecutor(WorkerRegistry registry, ManagedWorkersProperties properties,
			Environment environment, WorkerSources sources, ObjectProvider<TaskDecorator> taskDecorators,
			ListableBeanFactory beanFactory) {
		AdoptionRefusals.refuseCustomizers(beanFactory, "managed-workers.adopt.async",
				ThreadPoolTaskExecutorCustomizer.class, SimpleAsyncTaskExecutorCustomizer.class);
		SpringTaskSettings spring = new SpringTaskSettings(environment);
		spring.logUnmapped(SpringTaskSettings.EXECUTION);
		WorkerSpec spec = spec(properties, spring);
		sources.adopted(WORKER, WorkerSources.ASYNC);
		WorkerHandle worker = registry.register(spec);
		// Running from now on, not from the registry's start: @Async calls made while the context starts must work.
		worker.start();
		return new AdoptedTaskExecutor(worker, decorator(taskDecorators));
	}

	@Bean(ConfigurableApplicationContext.BOOTSTRAP_EXECUTOR_BEAN_NAME)
	@ConditionalOnMissingBean(name = ConfigurableApplicationContext.BOOTSTRAP_EXECUTOR_BEAN_NAME)
	Executor bootstrapExecutor(AdoptedTaskExecutor applicationTaskExecutor) {
		return new BootstrapExecutor(applicationTaskExecutor);
	}

	/**
	 * The most specific setting wins: {@code managed-workers.workers.async.*}, then Boot's limit on its executor, then
	 * {@code managed-workers.defaults.*}.
	 */
	static WorkerSpec spec(ManagedWorkersProperties properties, SpringTaskSettings spring) {
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
			return builder.build();
		}
		catch (InvalidWorkerSpecException ex) {
			throw new InvalidManagedWorkerException(
					"Invalid value '" + value + "' for " + key + " of the adopted 'async' worker: allowed is "
							+ ex.allowed() + ".",
					"Change " + key + " to " + ex.allowed() + ".", ex);
		}
	}

	private static @Nullable TaskDecorator decorator(ObjectProvider<TaskDecorator> taskDecorators) {
		List<TaskDecorator> all = taskDecorators.orderedStream().toList();
		if (all.isEmpty()) {
			return null;
		}
		return (all.size() == 1) ? all.get(0) : new CompositeTaskDecorator(all);
	}

}
