package io.github.managedworkers.autoconfigure.adoption;

import java.util.concurrent.ScheduledExecutorService;

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

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.WorkerSources;
import io.github.managedworkers.autoconfigure.WorkerSpecResolver;

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
			WorkerSpecResolver specs, Environment environment, ObjectProvider<ErrorHandler> errorHandler,
			ListableBeanFactory beanFactory) {
		AdoptionRefusals.refuseCustomizers(beanFactory, "managed-workers.adopt.scheduled",
				ThreadPoolTaskSchedulerCustomizer.class, SimpleAsyncTaskSchedulerCustomizer.class);
		SpringTaskSettings spring = new SpringTaskSettings(environment);
		spring.logUnmapped(SpringTaskSettings.SCHEDULING);
		ScheduledTaskQueue queue = new ScheduledTaskQueue();
		sources.adopted(ScheduledTaskQueue.WORKER, WorkerSources.SCHEDULED);
		// Registered here, started with the registry: tasks scheduled while the context starts wait in the queue.
		queue.attach(specs.register(registry, new ScheduledTasksWorkerSource(spring), queue));
		return new AdoptedTaskScheduler(registry, sources, beanNames, spring.schedulingThreadNamePrefix(),
				specs, errorHandler.getIfUnique(), queue);
	}

}
