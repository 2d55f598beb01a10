package io.github.managedworkers.autoconfigure.adoption;

import java.util.concurrent.ScheduledExecutorService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.WorkerSources;
import io.github.managedworkers.autoconfigure.WorkerSpecResolver;

/**
 * The {@code taskScheduler} that makes each {@code @Scheduled} method a worker, with {@code @EnableScheduling} and
 * unless the application has a {@link TaskScheduler} or {@link ScheduledExecutorService} bean of its own; Boot's
 * task-scheduling auto-configuration then backs off.
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
			WorkerSpecResolver specs, Environment environment) {
		SpringTaskSettings spring = new SpringTaskSettings(environment);
		spring.logUnmapped(SpringTaskSettings.SCHEDULING);
		return new AdoptedTaskScheduler(registry, sources, beanNames, spring.schedulingThreadNamePrefix(), specs);
	}

}
