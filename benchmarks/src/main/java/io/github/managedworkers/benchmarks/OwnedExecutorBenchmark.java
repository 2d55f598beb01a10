package io.github.managedworkers.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * A task through an application's own {@code ThreadPoolTaskExecutor} (4 threads, a queue) owned by the starter,
 * against the same executor with {@code managed-workers.adopt.executors=false}: 1,000 tasks handed to
 * {@code execute}, then all awaited, per operation; the score is per task.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(OwnedExecutorBenchmark.TASKS)
public class OwnedExecutorBenchmark {

	static final int TASKS = 1000;

	/**
	 * {@code owned}: the executor is the worker {@code taskExecutor}; {@code plain}: the starter leaves it alone;
	 * {@code plain-decorated}: left alone, with a task decorator of the application's (what Spring's decorator path
	 * costs by itself).
	 */
	@Param({ "owned", "plain", "plain-decorated" })
	public String impl;

	private ConfigurableApplicationContext context;

	private ThreadPoolTaskExecutor executor;

	private final AtomicLong sum = new AtomicLong();

	@Setup(Level.Trial)
	public void setUp() {
		this.context = new SpringApplicationBuilder(ExecutorApp.class).web(WebApplicationType.NONE)
			.properties("managed-workers.adopt.executors=" + this.impl.equals("owned"),
					"bench.decorated=" + this.impl.equals("plain-decorated"), "logging.level.root=warn")
			.run();
		this.executor = this.context.getBean("taskExecutor", ThreadPoolTaskExecutor.class);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
	}

	@Benchmark
	public long executeAndAwait() throws InterruptedException {
		CountDownLatch done = new CountDownLatch(TASKS);
		for (int i = 0; i < TASKS; i++) {
			long value = i;
			this.executor.execute(() -> {
				this.sum.addAndGet(value);
				done.countDown();
			});
		}
		if (!done.await(1, TimeUnit.MINUTES)) {
			throw new IllegalStateException("tasks did not finish");
		}
		return this.sum.get();
	}

	/** The application: its own executor, as Spring's guides define it. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class ExecutorApp {

		@Bean
		ThreadPoolTaskExecutor taskExecutor(org.springframework.core.env.Environment environment) {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			if (environment.getProperty("bench.decorated", Boolean.class, false)) {
				executor.setTaskDecorator((task) -> () -> task.run());
			}
			executor.setCorePoolSize(4);
			executor.setMaxPoolSize(4);
			executor.setQueueCapacity(10_000);
			return executor;
		}

	}

}
