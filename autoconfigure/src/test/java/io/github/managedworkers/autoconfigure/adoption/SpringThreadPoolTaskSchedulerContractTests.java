package io.github.managedworkers.autoconfigure.adoption;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ErrorHandler;

/**
 * The contract on Spring's own {@link ThreadPoolTaskScheduler}, as Spring Boot configures it by default (one thread):
 * the reference the adopted scheduler is held to.
 */
class SpringThreadPoolTaskSchedulerContractTests extends TaskSchedulerContractTests {

	@Override
	protected TaskScheduler start(@Nullable ErrorHandler errorHandler) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("spring-contract-");
		if (errorHandler != null) {
			scheduler.setErrorHandler(errorHandler);
		}
		scheduler.initialize();
		return scheduler;
	}

	@Override
	protected void shutdown(TaskScheduler scheduler) {
		((ThreadPoolTaskScheduler) scheduler).shutdown();
	}

}
