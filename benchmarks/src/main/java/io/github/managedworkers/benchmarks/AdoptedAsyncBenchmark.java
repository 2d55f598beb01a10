package io.github.managedworkers.benchmarks;

import java.util.concurrent.CompletableFuture;
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
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * An {@code @Async} call (returning a {@code CompletableFuture}) through the adopted {@code applicationTaskExecutor}
 * against the same call through Boot's own, in the same thread mode: 1,000 calls, then all joined, per operation;
 * the score is per call. Boot's executor is a {@code ThreadPoolTaskExecutor} (8 threads, an unbounded queue) on
 * platform threads and a {@code SimpleAsyncTaskExecutor} on virtual threads; both executors run with their defaults.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(AdoptedAsyncBenchmark.CALLS)
public class AdoptedAsyncBenchmark {

	static final int CALLS = 1000;

	/** {@code adopted-*}: the starter's {@code async} worker; {@code boot-*}: Boot's executor (adoption off). */
	@Param({ "adopted-platform", "boot-platform", "adopted-virtual", "boot-virtual" })
	public String impl;

	private ConfigurableApplicationContext context;

	private Adder adder;

	@Setup(Level.Trial)
	public void setUp() {
		boolean virtual = this.impl.endsWith("virtual");
		if (virtual && Runtime.version().feature() < 21) {
			throw new IllegalStateException("virtual threads need Java 21+");
		}
		boolean adopted = this.impl.startsWith("adopted");
		// Each executor as an application gets it: Boot's defaults, and the adopted worker's (max-concurrency 16,
		// a queue of 10,000).
		this.context = new SpringApplicationBuilder(AsyncApp.class).web(WebApplicationType.NONE)
			.properties("managed-workers.adopt.async=" + adopted,
					"managed-workers.threads=" + (virtual ? "virtual" : "platform"),
					"spring.threads.virtual.enabled=" + virtual, "logging.level.root=warn")
			.run();
		this.adder = this.context.getBean(Adder.class);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
	}

	@Benchmark
	public long asyncCallAndJoin() {
		@SuppressWarnings("unchecked")
		CompletableFuture<Integer>[] futures = new CompletableFuture[CALLS];
		for (int i = 0; i < CALLS; i++) {
			futures[i] = this.adder.plusOne(i);
		}
		long sum = 0;
		for (CompletableFuture<Integer> future : futures) {
			sum += future.join();
		}
		return sum;
	}

	/** The application: one {@code @Async} bean, nothing of managed-workers' API. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	public static class AsyncApp {

		@Bean
		Adder adder() {
			return new Adder();
		}

	}

	/** The {@code @Async} bean. */
	public static class Adder {

		@Async
		public CompletableFuture<Integer> plusOne(int value) {
			return CompletableFuture.completedFuture(value + 1);
		}

	}

}
