package io.github.managedworkers.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.Task;
import io.github.managedworkers.TaskDecorator;
import io.github.managedworkers.WorkerContext;

/**
 * Every decorator a worker's submitted tasks go through, composed as Spring Boot composes an executor's
 * {@code TaskDecorator} beans: each one wraps what the ones before it returned, so the first in {@code @Order} wraps
 * the task itself and the last runs first on the task's thread. From the outside in, on the task's thread:
 * <ol>
 * <li>the built-in context propagation, so that every decorator below sees the submitter's MDC and observation;</li>
 * <li>Spring's {@link org.springframework.core.task.TaskDecorator} beans, the ones Spring Boot applies to its own
 * executor (security context, tenant, ...), in {@code @Order}: work moved from that executor keeps what it
 * carried;</li>
 * <li>the application's {@link TaskDecorator} beans, in {@code @Order};</li>
 * <li>the task.</li>
 * </ol>
 */
final class WorkerTaskDecorators implements TaskDecorator {

	private final List<TaskDecorator> decorators;

	private WorkerTaskDecorators(List<TaskDecorator> decorators) {
		this.decorators = decorators;
	}

	/**
	 * Composes the decorators.
	 * @param propagation the built-in context propagation, if on
	 * @param spring Spring's task decorator beans, in order
	 * @param own the application's worker task decorator beans, in order
	 * @return the decorator to give the registry, or {@code null} if there is none
	 */
	static @Nullable TaskDecorator compose(@Nullable ContextPropagation propagation,
			List<org.springframework.core.task.TaskDecorator> spring, List<TaskDecorator> own) {
		List<TaskDecorator> decorators = new ArrayList<>(own);
		spring.forEach((decorator) -> decorators.add(new SpringTaskDecoratorAdapter(decorator)));
		if (propagation != null) {
			decorators.add(propagation.decorator());
		}
		return switch (decorators.size()) {
			case 0 -> null;
			case 1 -> decorators.get(0);
			default -> new WorkerTaskDecorators(List.copyOf(decorators));
		};
	}

	@Override
	public <T extends @Nullable Object> Task<T> decorate(Task<T> task) {
		Task<T> decorated = task;
		for (TaskDecorator decorator : this.decorators) {
			decorated = decorator.decorate(decorated);
		}
		return decorated;
	}

	/**
	 * Applies a Spring {@code TaskDecorator}, which wraps a {@link Runnable}, to a task: the runnable it decorates on
	 * the submitting thread calls the task on the task's thread and keeps its result. An unchecked exception of the
	 * task goes through the decorator as it would in an executor; a checked one is carried around it and thrown
	 * after.
	 */
	static final class SpringTaskDecoratorAdapter implements TaskDecorator {

		private final org.springframework.core.task.TaskDecorator decorator;

		SpringTaskDecoratorAdapter(org.springframework.core.task.TaskDecorator decorator) {
			this.decorator = decorator;
		}

		@Override
		public <T extends @Nullable Object> Task<T> decorate(Task<T> task) {
			Call<T> call = new Call<>(task);
			Runnable decorated = this.decorator.decorate(call);
			return (ctx) -> call.runIn(decorated, ctx, this.decorator);
		}

	}

	/** One call of a task through a {@link Runnable}: its context in, its result or checked exception out. */
	private static final class Call<T extends @Nullable Object> implements Runnable {

		private final Task<T> task;

		private @Nullable WorkerContext context;

		private boolean ran;

		private @Nullable T result;

		private @Nullable Exception failure;

		Call(Task<T> task) {
			this.task = task;
		}

		// The result goes back as the task returned it: null only where T is nullable (a Task<Void>), which NullAway
		// cannot tell from a field written on another call.
		@SuppressWarnings("NullAway")
		T runIn(Runnable decorated, WorkerContext context,
				org.springframework.core.task.TaskDecorator decorator) throws Exception {
			this.context = context;
			decorated.run();
			if (!this.ran) {
				throw new IllegalStateException("Spring TaskDecorator " + decorator.getClass().getName()
						+ " did not run the task it decorated");
			}
			if (this.failure != null) {
				throw this.failure;
			}
			return this.result;
		}

		@Override
		public void run() {
			WorkerContext context = this.context;
			if (context == null) {
				throw new IllegalStateException("A decorated worker task runs only as the worker calls it");
			}
			this.ran = true;
			try {
				this.result = this.task.call(context);
			}
			catch (RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				this.failure = ex;
			}
		}

	}

}
