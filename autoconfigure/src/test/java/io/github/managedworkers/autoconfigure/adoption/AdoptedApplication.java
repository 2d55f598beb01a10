package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.Schedules;

import io.github.managedworkers.WorkerContext;

/**
 * An application that knows nothing of managed workers: only Spring's {@code @EnableScheduling}, {@code @Scheduled},
 * {@code @EnableAsync} and {@code @Async}, and the starter on the classpath.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
@EnableAsync
class AdoptedApplication {

	@Bean
	Reports reports() {
		return new Reports();
	}

	@Bean
	Mailer mailer() {
		return new Mailer();
	}

	static class Reports {

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger maxRunning = new AtomicInteger();

		final AtomicInteger runs = new AtomicInteger();

		final AtomicInteger finished = new AtomicInteger();

		final Set<String> contexts = ConcurrentHashMap.newKeySet();

		/** Set by a test to make the next run take its time (and be in flight). */
		volatile Duration runFor = Duration.ofMillis(120);

		final CountDownLatch inFlight = new CountDownLatch(1);

		/** Each run takes longer than the rate: it must never overlap the next. */
		@Scheduled(fixedRate = 50)
		void tick() throws InterruptedException {
			this.maxRunning.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				this.runs.incrementAndGet();
				WorkerContext.current().ifPresent((ctx) -> this.contexts.add(ctx.workerName()));
				this.inFlight.countDown();
				Thread.sleep(this.runFor.toMillis()); // the work, as an app that never heard of workers writes it
				this.finished.incrementAndGet();
			}
			finally {
				this.running.decrementAndGet();
			}
		}

		@Schedules({ @Scheduled(cron = "0 0 3 * * *", zone = "UTC"), @Scheduled(fixedDelay = 60_000) })
		void nightly() {
		}

	}

	static class Mailer {

		final AtomicInteger sent = new AtomicInteger();

		final Set<String> contexts = ConcurrentHashMap.newKeySet();

		final Set<Long> threads = ConcurrentHashMap.newKeySet();

		volatile CountDownLatch gate = new CountDownLatch(0);

		@Async
		void send(String to) throws InterruptedException {
			WorkerContext.current().ifPresent((ctx) -> this.contexts.add(ctx.workerName()));
			this.threads.add(Thread.currentThread().getId());
			this.gate.await(1, TimeUnit.MINUTES);
			this.sent.incrementAndGet();
		}

		@Async
		void sendSlowly(Duration duration) throws InterruptedException {
			Thread.sleep(duration.toMillis()); // the work, not a wait for another thread
			this.sent.incrementAndGet();
		}

		/** Waits for the stop signal it gets from the context, as code that cannot take a parameter does. */
		@Async
		CompletableFuture<String> waitForStop() {
			WorkerContext ctx = WorkerContext.current().orElseThrow();
			boolean fullWait = ctx.sleep(Duration.ofMinutes(1));
			return CompletableFuture.completedFuture(fullWait ? "slept" : "stopped:" + ctx.stopCause().orElseThrow());
		}

		@Async
		Future<String> greet(String name) {
			return CompletableFuture.completedFuture("hello " + name);
		}

		@Async
		void fail() {
			throw new IllegalStateException("mail server down");
		}

	}

}
