package io.github.managedworkers.autoconfigure;

import org.jspecify.annotations.Nullable;
import java.util.Map;

import org.slf4j.MDC;

import io.github.managedworkers.Task;
import io.github.managedworkers.TaskDecorator;

/**
 * Carries the submitter's logging MDC to the task, when Micrometer's context-propagation library is absent.
 */
class MdcTaskDecorator implements TaskDecorator {

	@Override
	public <T extends @Nullable Object> Task<T> decorate(Task<T> task) {
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		if (mdc == null || mdc.isEmpty()) {
			return task;
		}
		return (ctx) -> {
			MDC.setContextMap(mdc);
			try {
				return task.call(ctx);
			}
			finally {
				MDC.clear();
			}
		};
	}

}
