package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.core.task.AsyncTaskExecutor;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;

/**
 * The executor contract on the adopted executor, on a worker as the auto-configuration makes it.
 */
class AdoptedTaskExecutorContractTests extends AsyncTaskExecutorContractTests {

	private @Nullable WorkerRegistry registry;

	@Override
	protected AsyncTaskExecutor start() {
		WorkerRegistry registry = WorkerRegistry.builder().drainTimeout(Duration.ofSeconds(2)).build();
		this.registry = registry;
		AdoptedTaskExecutor executor = new AdoptedTaskExecutor(
				registry.register(WorkerSpec.builder("async").threadNamePrefix(PREFIX).build()), null);
		registry.start();
		return executor;
	}

	@Override
	protected void shutdown(AsyncTaskExecutor executor) {
		if (this.registry != null) {
			this.registry.close();
		}
	}

}
