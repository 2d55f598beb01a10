package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.ErrorHandler;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.ManagedWorkersProperties;
import io.github.managedworkers.autoconfigure.WorkerSources;

/**
 * The contract on the adopted scheduler, wired as the auto-configuration wires it.
 */
class AdoptedTaskSchedulerContractTests extends TaskSchedulerContractTests {

	private @Nullable WorkerRegistry registry;

	@Override
	protected TaskScheduler start(@Nullable ErrorHandler errorHandler) {
		WorkerRegistry registry = WorkerRegistry.builder().drainTimeout(Duration.ofSeconds(2)).build();
		this.registry = registry;
		ScheduledTaskQueue queue = new ScheduledTaskQueue();
		queue.attach(registry.register(ScheduledAdoptionConfiguration.sharedSpec(new ManagedWorkersProperties(),
				new SpringTaskSettings(new StandardEnvironment())), queue));
		ScheduledBeanNames beanNames = new ScheduledBeanNames(
				new DefaultListableBeanFactory().getBeanProvider(WorkerSources.class));
		AdoptedTaskScheduler scheduler = new AdoptedTaskScheduler(registry, new WorkerSources(), beanNames,
				"adopted-contract-", (name) -> null, errorHandler, queue);
		registry.start();
		return scheduler;
	}

	@Override
	protected void shutdown(TaskScheduler scheduler) {
		if (this.registry != null) {
			this.registry.close();
		}
	}

}
