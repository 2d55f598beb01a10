package io.github.managedworkers.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.Task;
import io.github.managedworkers.TaskDecorator;

/**
 * Applies every {@link TaskDecorator} bean, in {@code @Order}, as Spring's {@code CompositeTaskDecorator} does: the
 * first wraps the task first, so it runs innermost, next to the task.
 */
final class CompositeWorkerTaskDecorator implements TaskDecorator {

	private final List<TaskDecorator> decorators;

	private CompositeWorkerTaskDecorator(List<TaskDecorator> decorators) {
		this.decorators = decorators;
	}

	static @Nullable TaskDecorator of(List<TaskDecorator> decorators) {
		return switch (decorators.size()) {
			case 0 -> null;
			case 1 -> decorators.get(0);
			default -> new CompositeWorkerTaskDecorator(List.copyOf(decorators));
		};
	}

	@Override
	public <T> Task<T> decorate(Task<T> task) {
		Task<T> decorated = task;
		for (TaskDecorator decorator : this.decorators) {
			decorated = decorator.decorate(decorated);
		}
		return decorated;
	}

}
