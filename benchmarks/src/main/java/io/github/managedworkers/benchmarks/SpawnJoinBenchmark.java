package io.github.managedworkers.benchmarks;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import io.github.managedworkers.TaskDecorator;
import io.github.managedworkers.ThreadMode;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.autoconfigure.observation.ObservationTaskDecorator;

/**
 * Spawn and join of many short tasks: 1,000 tasks started, then all joined, per operation; the score is per task.
 * A managed submit goes through the bulkhead, is tracked, and fires the listener hooks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(SpawnJoinBenchmark.TASKS)
public class SpawnJoinBenchmark {

	static final int TASKS = 1000;

	/**
	 * {@code managed-*}: {@code WorkerHandle.submit}; {@code raw-virtual}:
	 * {@code Executors.newVirtualThreadPerTaskExecutor()}; {@code raw-platform}: a new platform thread per task;
	 * {@code spring-async-*}: Spring's {@code SimpleAsyncTaskExecutor}; {@code spring-pool}: Spring's
	 * {@code ThreadPoolTaskExecutor} as Spring Boot configures it for {@code @Async} (8 threads, unbounded queue);
	 * {@code managed-virtual-noop-observation}: with the observation decorator on a no-op {@code ObservationRegistry}
	 * (what an application without tracing pays); {@code managed-virtual-observed}: on a registry with one handler
	 * that does nothing, so that each task is a started and stopped {@code Observation}.
	 */
	@Param({ "managed-virtual", "raw-virtual", "spring-async-virtual", "managed-platform", "raw-platform",
			"spring-async-platform", "spring-pool", "managed-platform-queued", "managed-virtual-noop-observation", "managed-virtual-observed" })
	public String impl;

	private Spawner spawner;

	@Setup(Level.Trial)
	public void setUp() {
		this.spawner = switch (this.impl) {
			case "managed-virtual" -> new ManagedSpawner(ThreadMode.VIRTUAL);
			case "managed-virtual-noop-observation" -> new ManagedSpawner(ThreadMode.VIRTUAL,
					new ObservationTaskDecorator(ObservationRegistry.NOOP, null));
			case "managed-virtual-observed" -> new ManagedSpawner(ThreadMode.VIRTUAL,
					new ObservationTaskDecorator(observedRegistry(), null));
			case "managed-platform" -> new ManagedSpawner(ThreadMode.PLATFORM);
			// The shape of spring-pool: 8 threads and a queue, its pooled threads taking queued tasks in a loop.
			case "managed-platform-queued" -> new ManagedSpawner(ThreadMode.PLATFORM, null, 8, TASKS);
			case "raw-virtual" -> new ExecutorSpawner(Jvm.newVirtualThreadPerTaskExecutor());
			case "raw-platform" -> new PlatformThreadSpawner();
			case "spring-async-virtual" -> SpringSpawner.simpleAsync(true);
			case "spring-async-platform" -> SpringSpawner.simpleAsync(false);
			case "spring-pool" -> SpringSpawner.pool();
			default -> throw new IllegalArgumentException("impl: " + this.impl);
		};
	}

	/** A registry that observes: one handler, which does nothing, so that only the observation itself is measured. */
	private static ObservationRegistry observedRegistry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler((context) -> true);
		return registry;
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.spawner.close();
	}

	@Benchmark
	public long spawnAndJoin() throws Exception {
		Future<?>[] futures = new Future<?>[TASKS];
		for (int i = 0; i < TASKS; i++) {
			futures[i] = this.spawner.spawn(i);
		}
		long sum = 0;
		for (Future<?> future : futures) {
			sum += (Integer) future.get();
		}
		return sum;
	}

	private interface Spawner extends AutoCloseable {

		Future<Integer> spawn(int value) throws Exception;

		@Override
		void close();

	}

	private static final class ManagedSpawner implements Spawner {

		private final WorkerRegistry registry;

		private final WorkerHandle worker;

		ManagedSpawner(ThreadMode mode) {
			this(mode, null);
		}

		ManagedSpawner(ThreadMode mode, @Nullable TaskDecorator decorator) {
			this(mode, decorator, TASKS, 0);
		}

		ManagedSpawner(ThreadMode mode, @Nullable TaskDecorator decorator, int maxConcurrency, int queueCapacity) {
			this.registry = Managed.registry(mode, decorator);
			this.worker = this.registry.register(WorkerSpec.builder("spawn")
				.maxConcurrency(maxConcurrency)
				.maxWait(Duration.ZERO)
				.queueCapacity(queueCapacity)
				.build());
		}

		@Override
		public Future<Integer> spawn(int value) {
			return this.worker.submit((ctx) -> value);
		}

		@Override
		public void close() {
			this.registry.close();
		}

	}

	private static final class ExecutorSpawner implements Spawner {

		private final ExecutorService executor;

		ExecutorSpawner(ExecutorService executor) {
			this.executor = executor;
		}

		@Override
		public Future<Integer> spawn(int value) {
			return this.executor.submit(() -> value);
		}

		@Override
		public void close() {
			this.executor.shutdown();
			awaitTermination(this.executor);
		}

	}

	private static final class PlatformThreadSpawner implements Spawner {

		@Override
		public Future<Integer> spawn(int value) {
			FutureTask<Integer> task = new FutureTask<>(() -> value);
			Jvm.platformThread(task).start();
			return task;
		}

		@Override
		public void close() {
			// every thread ended with its task, which the benchmark joined
		}

	}

	/** Spring's executors, as {@code @Async} gets them. */
	private static final class SpringSpawner implements Spawner {

		private final AsyncTaskExecutor executor;

		private final Runnable close;

		private SpringSpawner(AsyncTaskExecutor executor, Runnable close) {
			this.executor = executor;
			this.close = close;
		}

		static SpringSpawner simpleAsync(boolean virtual) {
			if (virtual && !Jvm.hasVirtualThreads()) {
				throw new UnsupportedOperationException("virtual threads need Java 21 or later");
			}
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("spring-async-");
			executor.setVirtualThreads(virtual);
			executor.setDaemon(true);
			executor.setTaskTerminationTimeout(10_000);
			return new SpringSpawner(executor, executor::close);
		}

		static SpringSpawner pool() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(8);
			executor.setThreadNamePrefix("spring-pool-");
			executor.setWaitForTasksToCompleteOnShutdown(true);
			executor.setAwaitTerminationSeconds(10);
			executor.initialize();
			return new SpringSpawner(executor, executor::shutdown);
		}

		@Override
		public Future<Integer> spawn(int value) {
			Callable<Integer> task = () -> value;
			return this.executor.submit(task);
		}

		@Override
		public void close() {
			this.close.run();
		}

	}

	static void awaitTermination(ExecutorService executor) {
		try {
			if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException(executor + " did not terminate within 30 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
