package io.github.managedworkers.autoconfigure.adoption;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * The executor contract on Spring's {@link SimpleAsyncTaskExecutor}, a reference the adopted one is held to.
 */
class SimpleAsyncTaskExecutorContractTests extends AsyncTaskExecutorContractTests {

	@Override
	protected AsyncTaskExecutor start() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(PREFIX);
		// Its close() then waits for the tasks it started, so that none outlives the test.
		executor.setTaskTerminationTimeout(5000);
		return executor;
	}

	@Override
	protected void shutdown(AsyncTaskExecutor executor) {
		((SimpleAsyncTaskExecutor) executor).close();
	}

}
