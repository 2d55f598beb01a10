package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.config.TaskManagementConfigUtils;
import org.springframework.util.ErrorHandler;

import io.github.managedworkers.InvalidWorkerSpecException;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.autoconfigure.InvalidManagedWorkerException;
import io.github.managedworkers.autoconfigure.ManagedWorkersProperties;
import io.github.managedworkers.autoconfigure.WorkerSources;

/**
 * The {@code taskScheduler} that makes each {@code @Scheduled} method a worker, with {@code @EnableScheduling} and
 * unless the application has a {@link TaskScheduler} or {@link ScheduledExecutorService} bean of its own; Boot's
 * task-scheduling auto-configuration then backs off.
 * <p>
 * The application's {@link ErrorHandler} bean, if it has exactly one, gets the failures of scheduled tasks. Boot's
 * scheduler customizers cannot apply to a scheduler that is not Boot's: with one defined, startup fails and says
 * what to do instead, rather than ignoring it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "managed-workers.adopt.scheduled", matchIfMissing = true)
@ConditionalOnBean(name = TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)
@ConditionalOnMissingBean({ TaskScheduler.class, ScheduledExecutorService.class })
class ScheduledAdoptionConfiguration {

	@Bean
	static ScheduledBeanNames managedWorkersScheduledBeanNames(ObjectProvider<WorkerSources> sources) {
		return new ScheduledBeanNames(sources);
	}

	@Bean
	AdoptedTaskScheduler taskScheduler(WorkerRegistry registry, WorkerSources sources, ScheduledBeanNames beanNames,
			ManagedWorkersProperties properties, Environment environment, ObjectProvider<ErrorHandler> errorHandler,
			ListableBeanFactory beanFactory) {
		AdoptionRefusals.refuseCustomizers(beanFactory, "managed-workers.adopt.scheduled",
				ThreadPoolTaskSchedulerCustomizer.class, SimpleAsyncTaskSchedulerCustomizer.class);
		SpringTaskSettings spring = new SpringTaskSettings(environment);
		spring.logUnmapped(SpringTaskSettings.SCHEDULING);
		ScheduledTaskQueue queue = new ScheduledTaskQueue();
		sources.adopted(ScheduledTaskQueue.WORKER, WorkerSources.SCHEDULED);
		// Registered here, started with the registry: tasks scheduled while the context starts wait in the queue.
		queue.attach(registry.register(sharedSpec(properties, spring), queue));
		return new AdoptedTaskScheduler(registry, sources, beanNames, spring.schedulingThreadNamePrefix(),
				(name) -> stuckAfter(properties, name), errorHandler.getIfUnique(), queue);
	}

	/**
	 * The shared worker of the tasks that are not {@code @Scheduled} methods: as many at once as Boot's scheduler
	 * pool would run ({@code spring.task.scheduling.pool.size}) when set, else {@code managed-workers.defaults.*};
	 * {@code managed-workers.workers.scheduled-tasks.*} wins.
	 */
	static WorkerSpec sharedSpec(ManagedWorkersProperties properties, SpringTaskSettings spring) {
		String name = ScheduledTaskQueue.WORKER;
		ManagedWorkersProperties.Worker own = properties.getWorkers().get(name);
		String key = "managed-workers.defaults.max-concurrency";
		Object value = properties.getDefaults().getMaxConcurrency();
		SpringTaskSettings.Limit limit = spring.schedulingLimit();
		if (limit != null) {
			key = limit.key();
			value = limit.value();
		}
		if (own != null && own.getMaxConcurrency() != null) {
			key = "managed-workers.workers." + name + ".max-concurrency";
			value = own.getMaxConcurrency();
		}
		try {
			return WorkerSpec.builder(name)
				.maxConcurrency((Integer) value)
				// The queue's loop waits for a permit in turns of this length; a due task is never refused as FULL.
				.maxWait(Duration.ofSeconds(1))
				.threadNamePrefix(spring.schedulingThreadNamePrefix())
				.stuckAfter(stuckAfter(properties, name))
				.build();
		}
		catch (InvalidWorkerSpecException ex) {
			throw new InvalidManagedWorkerException(
					"Invalid value '" + value + "' for " + key + " of the adopted '" + name + "' worker: allowed is "
							+ ex.allowed() + ".",
					"Change " + key + " to " + ex.allowed() + ".", ex);
		}
	}

	private static @Nullable Duration stuckAfter(ManagedWorkersProperties properties, String name) {
		ManagedWorkersProperties.Worker own = properties.getWorkers().get(name);
		return (own != null && own.getStuckAfter() != null) ? own.getStuckAfter()
				: properties.getDefaults().getStuckAfter();
	}

}
