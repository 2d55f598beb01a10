package io.github.managedworkers.autoconfigure;

import java.util.Map;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshot.Scope;
import io.micrometer.context.ContextSnapshotFactory;
import org.slf4j.MDC;

import io.github.managedworkers.Task;
import io.github.managedworkers.TaskDecorator;

/**
 * Carries the submitter's context to the task through Micrometer's context-propagation library, as Spring does for
 * {@code @Async}: every registered thread-local accessor (the current observation among them), and the logging MDC,
 * which the library does not register by itself.
 */
class ContextSnapshotTaskDecorator implements TaskDecorator {

	private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

	@Override
	public <T> Task<T> decorate(Task<T> task) {
		ContextSnapshot snapshot = this.snapshots.captureAll();
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		return (ctx) -> {
			if (mdc != null) {
				MDC.setContextMap(mdc);
			}
			try (Scope scope = snapshot.setThreadLocals()) {
				return task.call(ctx);
			}
			finally {
				MDC.clear();
			}
		};
	}

}
