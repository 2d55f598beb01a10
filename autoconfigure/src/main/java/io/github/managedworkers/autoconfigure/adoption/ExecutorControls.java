package io.github.managedworkers.autoconfigure.adoption;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ReflectionUtils;

import io.github.managedworkers.ExternalExecutor;

/**
 * How the registry sees and stops each kind of Spring executor. Each reads its executor's live settings, so an
 * application that changes its pool sizes at run time sees them in the endpoint.
 */
final class ExecutorControls {

	private static final @Nullable Field POOL_VIRTUAL_THREADS = ReflectionUtils
		.findField(ExecutorConfigurationSupport.class, "virtualThreads", boolean.class);

	private static final @Nullable Field SIMPLE_VIRTUAL_THREADS = ReflectionUtils
		.findField(SimpleAsyncTaskExecutor.class, "virtualThreadDelegate");

	private ExecutorControls() {
	}

	static ExternalExecutor of(Object executor) {
		if (executor instanceof ThreadPoolTaskExecutor pool) {
			return new Pool(pool);
		}
		if (executor instanceof ThreadPoolTaskScheduler scheduler) {
			return new Scheduler(scheduler);
		}
		return new Simple((SimpleAsyncTaskExecutor) executor);
	}

	/** Fails or cancels the future of each task that never started: Spring's executors hand their callers futures. */
	static int cancel(List<Runnable> neverStarted) {
		for (Runnable task : neverStarted) {
			Runnable original = (task instanceof OwningTaskDecorator.ExecutorTask owned) ? owned.original() : task;
			if (original instanceof Future<?> future) {
				future.cancel(false);
			}
		}
		return neverStarted.size();
	}

	private static boolean flag(@Nullable Field field, Object target) {
		if (field == null) {
			return false;
		}
		ReflectionUtils.makeAccessible(field);
		Object value = ReflectionUtils.getField(field, target);
		return (value instanceof Boolean bool) ? bool : value != null;
	}

	/**
	 * A {@link ThreadPoolTaskExecutor}: its queue drains until the deadline; a resize sets its core and maximum pool
	 * sizes both.
	 */
	private record Pool(ThreadPoolTaskExecutor executor) implements ExternalExecutor {

		@Override
		public void execute(Runnable task) {
			this.executor.execute(task);
		}

		@Override
		public int queued() {
			return this.executor.getQueueSize();
		}

		@Override
		public int maxConcurrency() {
			return this.executor.getMaxPoolSize();
		}

		@Override
		public boolean virtualThreads() {
			return flag(POOL_VIRTUAL_THREADS, this.executor);
		}

		@Override
		public void shutdown() {
			this.executor.getThreadPoolExecutor().shutdown();
		}

		@Override
		public boolean awaitTermination(long timeoutNanos) throws InterruptedException {
			return this.executor.getThreadPoolExecutor().awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS);
		}

		@Override
		public int cancelQueued() {
			return cancel(drain(this.executor.getThreadPoolExecutor()));
		}

		@Override
		public void resize(int maxConcurrency) {
			// The JDK refuses a core size above the maximum at any moment: grow the maximum first, shrink it last.
			if (maxConcurrency >= this.executor.getMaxPoolSize()) {
				this.executor.setMaxPoolSize(maxConcurrency);
				this.executor.setCorePoolSize(maxConcurrency);
			}
			else {
				this.executor.setCorePoolSize(maxConcurrency);
				this.executor.setMaxPoolSize(maxConcurrency);
			}
		}

	}

	/**
	 * A {@link ThreadPoolTaskScheduler}: its drain cancels the periodic tasks and those not yet due, lets the due ones
	 * run until the deadline, and counts those still waiting for a thread then as never started.
	 */
	private record Scheduler(ThreadPoolTaskScheduler scheduler) implements ExternalExecutor {

		@Override
		public void execute(Runnable task) {
			this.scheduler.execute(task);
		}

		@Override
		public int queued() {
			if (!(this.scheduler.getScheduledExecutor() instanceof ScheduledThreadPoolExecutor executor)) {
				return 0;
			}
			// Only the due tasks wait: the others are scheduled for later.
			int due = 0;
			for (Runnable task : executor.getQueue()) {
				if (task instanceof Delayed delayed && delayed.getDelay(TimeUnit.NANOSECONDS) <= 0) {
					due++;
				}
			}
			return due;
		}

		@Override
		public int maxConcurrency() {
			return this.scheduler.getScheduledThreadPoolExecutor().getCorePoolSize();
		}

		@Override
		public boolean virtualThreads() {
			return flag(POOL_VIRTUAL_THREADS, this.scheduler);
		}

		@Override
		public void shutdown() {
			ScheduledThreadPoolExecutor executor = this.scheduler.getScheduledThreadPoolExecutor();
			executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
			executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
			executor.shutdown();
		}

		@Override
		public boolean awaitTermination(long timeoutNanos) throws InterruptedException {
			return this.scheduler.getScheduledExecutor().awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS);
		}

		@Override
		public int cancelQueued() {
			return cancel(drain(this.scheduler.getScheduledThreadPoolExecutor()));
		}

		@Override
		public void resize(int maxConcurrency) {
			this.scheduler.setPoolSize(maxConcurrency);
		}

	}

	/**
	 * A {@link SimpleAsyncTaskExecutor} (or scheduler): a thread per task and no queue; once the drain begins its
	 * decorator refuses new tasks ({@link OwningTaskDecorator}), and the drain waits for the tracked ones. A resize
	 * sets its concurrency limit.
	 */
	private record Simple(SimpleAsyncTaskExecutor executor) implements ExternalExecutor {

		@Override
		public void execute(Runnable task) {
			this.executor.execute(task);
		}

		@Override
		public int queued() {
			return 0;
		}

		@Override
		public int maxConcurrency() {
			int limit = this.executor.getConcurrencyLimit();
			return (limit < 0) ? Integer.MAX_VALUE : Math.max(1, limit);
		}

		@Override
		public boolean virtualThreads() {
			return flag(SIMPLE_VIRTUAL_THREADS, this.executor);
		}

		@Override
		public void shutdown() {
			// Its decorator refuses new tasks from now on: close() would wait, and interrupt, on Spring's terms.
		}

		@Override
		public boolean awaitTermination(long timeoutNanos) {
			return true;
		}

		@Override
		public int cancelQueued() {
			return 0;
		}

		@Override
		public void resize(int maxConcurrency) {
			this.executor.setConcurrencyLimit(maxConcurrency);
		}

	}

	private static List<Runnable> drain(ThreadPoolExecutor executor) {
		List<Runnable> left = new ArrayList<>();
		executor.getQueue().drainTo(left);
		return left;
	}

}
