package io.github.managedworkers.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import io.github.managedworkers.ThreadMode;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;

/**
 * Spawn and join with 100,000 tasks in flight at once: every task is started, and parks on a gate, before the first
 * one may end; then the gate opens and all are joined. Per task cost grows with what the live-task structure, the
 * metrics and the context capture do when 100,000 are live. Virtual threads only (Java 21+).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(InFlightBenchmark.TASKS)
public class InFlightBenchmark {

	static final int TASKS = 100_000;

	/**
	 * {@code raw-virtual}: {@code Executors.newVirtualThreadPerTaskExecutor()}; {@code managed-core}: a registry with a
	 * counting listener; {@code managed-starter}: the registry of a Spring Boot application with the starter (the
	 * Micrometer binding, MDC and context propagation on); {@code spring-async-virtual}: Spring's
	 * {@code SimpleAsyncTaskExecutor} on virtual threads.
	 */
	@Param({ "raw-virtual", "managed-core", "managed-starter", "spring-async-virtual" })
	public String impl;

	private Spawner spawner;

	@Setup(Level.Trial)
	public void setUp() {
		if (!Jvm.hasVirtualThreads()) {
			throw new UnsupportedOperationException("virtual threads need Java 21 or later");
		}
		this.spawner = switch (this.impl) {
			case "raw-virtual" -> new ExecutorSpawner(Jvm.newVirtualThreadPerTaskExecutor());
			case "managed-core" -> new RegistrySpawner(Managed.registry(ThreadMode.VIRTUAL), null);
			case "managed-starter" -> RegistrySpawner.starter();
			case "spring-async-virtual" -> SpringAsyncSpawner.create();
			default -> throw new IllegalArgumentException("impl: " + this.impl);
		};
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.spawner.close();
	}

	@Benchmark
	public long spawnParkAndJoin() throws Exception {
		CountDownLatch gate = new CountDownLatch(1);
		Future<?>[] futures = new Future<?>[TASKS];
		for (int i = 0; i < TASKS; i++) {
			futures[i] = this.spawner.spawn(gate, i);
		}
		gate.countDown();
		long sum = 0;
		for (Future<?> future : futures) {
			sum += (Integer) future.get(1, TimeUnit.MINUTES);
		}
		return sum;
	}

	private interface Spawner extends AutoCloseable {

		Future<Integer> spawn(CountDownLatch gate, int value) throws Exception;

		@Override
		void close();

	}

	private static boolean pass(CountDownLatch gate) throws InterruptedException {
		return gate.await(1, TimeUnit.MINUTES);
	}

	private static final class ExecutorSpawner implements Spawner {

		private final ExecutorService executor;

		ExecutorSpawner(ExecutorService executor) {
			this.executor = executor;
		}

		@Override
		public Future<Integer> spawn(CountDownLatch gate, int value) {
			return this.executor.submit(() -> pass(gate) ? value : -1);
		}

		@Override
		public void close() {
			this.executor.shutdown();
			SpawnJoinBenchmark.awaitTermination(this.executor);
		}

	}

	private static final class RegistrySpawner implements Spawner {

		private final WorkerRegistry registry;

		private final WorkerHandle worker;

		private final ConfigurableApplicationContext context;

		RegistrySpawner(WorkerRegistry registry, ConfigurableApplicationContext context) {
			this.registry = registry;
			this.context = context;
			this.worker = registry
				.register(WorkerSpec.builder("in-flight").maxConcurrency(TASKS).maxWait(Duration.ZERO).build());
			this.worker.start();
		}

		static RegistrySpawner starter() {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(InFlightApp.class)
				.web(WebApplicationType.NONE)
				.properties("managed-workers.threads=virtual", "spring.main.banner-mode=off",
						"logging.level.root=warn")
				.run();
			return new RegistrySpawner(context.getBean(WorkerRegistry.class), context);
		}

		@Override
		public Future<Integer> spawn(CountDownLatch gate, int value) {
			return this.worker.submit((ctx) -> pass(gate) ? value : -1);
		}

		@Override
		public void close() {
			if (this.context != null) {
				this.context.close();
			}
			else {
				this.registry.close();
			}
		}

	}

	private static final class SpringAsyncSpawner implements Spawner {

		private final SimpleAsyncTaskExecutor executor;

		private SpringAsyncSpawner(SimpleAsyncTaskExecutor executor) {
			this.executor = executor;
		}

		static SpringAsyncSpawner create() {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("spring-async-");
			executor.setVirtualThreads(true);
			executor.setTaskTerminationTimeout(10_000);
			return new SpringAsyncSpawner(executor);
		}

		@Override
		public Future<Integer> spawn(CountDownLatch gate, int value) {
			return this.executor.submit(() -> pass(gate) ? value : -1);
		}

		@Override
		public void close() {
			this.executor.close();
		}

	}

	/** The smallest Spring Boot application with the starter: its registry is wired as in a service. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class InFlightApp {

	}

}
