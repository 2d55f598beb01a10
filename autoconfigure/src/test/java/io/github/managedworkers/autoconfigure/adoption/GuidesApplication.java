package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import io.github.managedworkers.WorkerContext;

/**
 * An application set up as Spring's guides teach, knowing nothing of managed workers: its own {@code taskExecutor}
 * (4 threads, a queue of 1,000, a thread-name prefix, a task decorator of its own) and {@code taskScheduler}
 * (2 threads), a plain {@code ExecutorService}, {@code @EnableAsync}, {@code @EnableScheduling}, and the starter on the classpath.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
@EnableAsync
class GuidesApplication {

	// tag::guides-executor[]
	@Bean
	ThreadPoolTaskExecutor taskExecutor(RequestIds requestIds) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(4);
		executor.setMaxPoolSize(4);
		executor.setQueueCapacity(1000);
		executor.setThreadNamePrefix("GithubLookup-");
		executor.setTaskDecorator(requestIds); // the application's own, e.g. to carry an MDC value
		return executor;
	}
	// end::guides-executor[]

	@Bean
	ThreadPoolTaskScheduler taskScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(2);
		scheduler.setThreadNamePrefix("scheduling-");
		return scheduler;
	}

	/** A pool made the pre-Spring way: not owned, its threads named by this bean in the unowned view. */
	@Bean(destroyMethod = "shutdownNow")
	ExecutorService legacyPool() {
		return Executors.newFixedThreadPool(1);
	}

	@Bean
	RequestIds requestIds() {
		return new RequestIds();
	}

	@Bean
	Lookups lookups() {
		return new Lookups();
	}

	@Bean
	Reports reports() {
		return new Reports();
	}

	/**
	 * The application's own decorator, as a guide would carry an MDC value: it records whether the worker's tracking
	 * already wrapped it when its task runs (it must, the application's decorator being applied first).
	 */
	static class RequestIds implements TaskDecorator {

		final Set<String> sawWorker = ConcurrentHashMap.newKeySet();

		final AtomicInteger decorated = new AtomicInteger();

		@Override
		public Runnable decorate(Runnable runnable) {
			this.decorated.incrementAndGet();
			return () -> {
				this.sawWorker.add(WorkerContext.current().map(WorkerContext::workerName).orElse("none"));
				runnable.run();
			};
		}

	}

	static class Lookups {

		final AtomicInteger done = new AtomicInteger();

		final AtomicInteger interrupted = new AtomicInteger();

		/** Set by a test to hold the lookups in flight. */
		volatile CountDownLatch gate = new CountDownLatch(0);

		@Async
		public Future<String> lookup(String user) throws InterruptedException {
			if (!this.gate.await(1, TimeUnit.MINUTES)) {
				throw new IllegalStateException("the test never opened the gate");
			}
			return CompletableFuture.completedFuture(user);
		}

		/** A call to a slow remote service: the sleep is its work, and an interrupt ends it. */
		@Async
		public Future<String> slowLookup(Duration takes) {
			try {
				Thread.sleep(takes.toMillis());
				this.done.incrementAndGet();
				return CompletableFuture.completedFuture("done");
			}
			catch (InterruptedException ex) {
				this.interrupted.incrementAndGet();
				Thread.currentThread().interrupt();
				return CompletableFuture.completedFuture("interrupted");
			}
		}

	}

	static class Reports {

		final AtomicInteger runs = new AtomicInteger();

		/** Set by a test to hold a run in flight. */
		volatile CountDownLatch gate = new CountDownLatch(0);

		@Scheduled(fixedRate = 50)
		void report() throws InterruptedException {
			this.runs.incrementAndGet();
			this.gate.await(1, TimeUnit.MINUTES);
		}

	}

}
