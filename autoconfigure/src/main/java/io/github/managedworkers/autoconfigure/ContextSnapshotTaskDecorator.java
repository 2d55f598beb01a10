package io.github.managedworkers.autoconfigure;

import org.jspecify.annotations.Nullable;
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
	public <T extends @Nullable Object> Task<T> decorate(Task<T> task) {
		ContextSnapshot snapshot = this.snapshots.captureAll();
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		if ((mdc == null || mdc.isEmpty()) && isEmpty(snapshot)) {
			// Nothing to carry: no wrapper, no frame on the task's stack, no thread-local map on its thread.
			return task;
		}
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

	/** The library's snapshot is a map of what it captured; anything else is taken as not empty. */
	private static boolean isEmpty(ContextSnapshot snapshot) {
		return snapshot instanceof Map<?, ?> values && values.isEmpty();
	}

}
