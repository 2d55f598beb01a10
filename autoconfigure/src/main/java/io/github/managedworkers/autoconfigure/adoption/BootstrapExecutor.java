package io.github.managedworkers.autoconfigure.adoption;

import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.task.TaskRejectedException;

/**
 * Spring's {@code bootstrapExecutor}, for beans initialised in the background: their initialisation is a task of the
 * {@code async} worker, listed and drained with it; when the worker has no room, it runs on the calling thread (the
 * one starting the context), as it would without background initialisation. Boot's own executor queues such tasks
 * without bound; a rejection here would fail the startup.
 */
final class BootstrapExecutor implements Executor {

	private static final Log logger = LogFactory.getLog(BootstrapExecutor.class);

	private final AdoptedTaskExecutor executor;

	BootstrapExecutor(AdoptedTaskExecutor executor) {
		this.executor = executor;
	}

	@Override
	public void execute(Runnable task) {
		try {
			this.executor.execute(task);
		}
		catch (TaskRejectedException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Worker '" + this.executor.worker().name() + "' has no room for " + task
						+ ": it runs on the thread starting the context", ex);
			}
			task.run();
		}
	}

	@Override
	public String toString() {
		return "BootstrapExecutor[worker=" + this.executor.worker().name() + "]";
	}

}
