package io.github.managedworkers.autoconfigure.adoption;

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

import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.WorkerSources;
import io.github.managedworkers.autoconfigure.WorkerSpecResolver;

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
	AdoptedTaskExecutor applicationTaskExecutor(WorkerRegistry registry, WorkerSpecResolver specs,
			Environment environment, WorkerSources sources, ObjectProvider<TaskDecorator> taskDecorators,
			ListableBeanFactory beanFactory) {
		AdoptionRefusals.refuseCustomizers(beanFactory, "managed-workers.adopt.async",
				ThreadPoolTaskExecutorCustomizer.class, SimpleAsyncTaskExecutorCustomizer.class);
		SpringTaskSettings spring = new SpringTaskSettings(environment);
		spring.logUnmapped(SpringTaskSettings.EXECUTION);
		sources.adopted(WORKER, WorkerSources.ASYNC);
		WorkerHandle worker = specs.register(registry, new AsyncWorkerSource(spring), null);
		// Running from now on, not from the registry's start: @Async calls made while the context starts must work.
		worker.start();
		return new AdoptedTaskExecutor(worker, decorator(taskDecorators));
	}

	@Bean(ConfigurableApplicationContext.BOOTSTRAP_EXECUTOR_BEAN_NAME)
	@ConditionalOnMissingBean(name = ConfigurableApplicationContext.BOOTSTRAP_EXECUTOR_BEAN_NAME)
	Executor bootstrapExecutor(AdoptedTaskExecutor applicationTaskExecutor) {
		return new BootstrapExecutor(applicationTaskExecutor);
	}

	private static @Nullable TaskDecorator decorator(ObjectProvider<TaskDecorator> taskDecorators) {
		List<TaskDecorator> all = taskDecorators.orderedStream().toList();
		if (all.isEmpty()) {
			return null;
		}
		return (all.size() == 1) ? all.get(0) : new CompositeTaskDecorator(all);
	}

}
