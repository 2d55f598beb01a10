package io.github.managedworkers.autoconfigure.adoption;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.context.annotation.Import;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

/**
 * Adopts the background work a Spring Boot application already has: {@code @Scheduled} methods run as workers named
 * {@code <bean>.<method>}, and {@code @Async} methods and everything else that uses Boot's
 * {@code applicationTaskExecutor} submit through a worker named {@code async}, and the executors and schedulers the
 * application defines itself become workers named after their beans. Runs before Boot's task execution and
 * scheduling auto-configurations, which back off. {@code managed-workers.adopt.scheduled=false} and
 * {@code managed-workers.adopt.async=false} leave Spring's own beans in place;
 * {@code managed-workers.adopt.executors=false} leaves the application's.
 */
@AutoConfiguration(after = ManagedWorkersAutoConfiguration.class,
		before = { TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "managed-workers.enabled", matchIfMissing = true)
@ConditionalOnBean(WorkerRegistry.class)
@Import({ AsyncAdoptionConfiguration.class, ScheduledAdoptionConfiguration.class, ExecutorAdoptionConfiguration.class })
public final class ManagedWorkersAdoptionAutoConfiguration {

}
