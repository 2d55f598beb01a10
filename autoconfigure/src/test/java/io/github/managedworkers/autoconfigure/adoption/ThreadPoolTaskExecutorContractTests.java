package io.github.managedworkers.autoconfigure.adoption;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The executor contract on Spring's {@link ThreadPoolTaskExecutor}, a reference the adopted one is held to.
 */
class ThreadPoolTaskExecutorContractTests extends AsyncTaskExecutorContractTests {

	@Override
	protected AsyncTaskExecutor start() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix(PREFIX);
		executor.initialize();
		return executor;
	}

	@Override
	protected void shutdown(AsyncTaskExecutor executor) {
		((ThreadPoolTaskExecutor) executor).shutdown();
	}

}
