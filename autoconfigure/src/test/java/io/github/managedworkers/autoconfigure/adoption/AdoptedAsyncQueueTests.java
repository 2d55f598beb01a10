package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.test.util.AopTestUtils;

import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSnapshot;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The adopted {@code async} worker keeps {@code @Async}'s meaning, "return now, run later": calls queue while its
 * queue has room, and a shutdown accounts for every one of them.
 */
class AdoptedAsyncQueueTests {

	private static final Duration LONG = Duration.ofMinutes(1);

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(QueuedApp.class).web(WebApplicationType.NONE).properties(properties).run();
	}

	@Test
	void aBurstOf48CallsFromOneCallerReturnsWithoutWaitingAndEveryCallRuns() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			Jobs jobs = context.getBean(Jobs.class);
			WorkerHandle async = context.getBean(WorkerRegistry.class).get("async");
			assertThat(async.spec().queueCapacity()).isEqualTo(10_000);
			CountDownLatch gate = new CountDownLatch(1);
			List<CompletableFuture<Integer>> calls = new ArrayList<>();
			// No run can end while the gate is shut, so no permit frees: a call that needed one would wait max-wait
			// (1 s) and be refused. Every call returning accepted proves none waited.
			for (int i = 0; i < 48; i++) {
				calls.add(jobs.work(i, gate));
			}
			int limit = async.spec().maxConcurrency();
			await().atMost(LONG).until(() -> async.activeTasks() == limit);
			WorkerSnapshot during = async.snapshot();
			assertThat(during.queued()).isEqualTo(48 - limit);
			assertThat(during.rejected()).isZero();
			assertThat(calls).noneMatch(CompletableFuture::isDone);

			gate.countDown();
			for (int i = 0; i < 48; i++) {
				assertThat(calls.get(i).get(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo(i);
			}
			assertThat(AopTestUtils.<Jobs>getUltimateTargetObject(jobs).ran).hasValue(48);
			assertThat(async.snapshot().rejected()).isZero();
		}
	}

	@Test
	void springsQueueCapacityIsTheAsyncWorkersQueueAndItsOwnPropertyWins() {
		try (ConfigurableApplicationContext context = start("spring.task.execution.pool.queue-capacity=64")) {
			assertThat(context.getBean(WorkerRegistry.class).get("async").spec().queueCapacity()).isEqualTo(64);
		}
		try (ConfigurableApplicationContext context = start("spring.task.execution.pool.queue-capacity=64",
				"managed-workers.workers.async.queue-capacity=5")) {
			assertThat(context.getBean(WorkerRegistry.class).get("async").spec().queueCapacity()).isEqualTo(5);
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aBoundedShutdownAccountsForEveryCallDoneInterruptedRefusedOrNeverStarted(CapturedOutput output)
			throws Exception {
		ConfigurableApplicationContext context = start("spring.lifecycle.timeout-per-shutdown-phase=3s",
				"managed-workers.shutdown.drain-timeout=2s", "managed-workers.shutdown.interrupt-grace=500ms");
		Jobs jobs = context.getBean(Jobs.class);
		List<CompletableFuture<Integer>> calls = new ArrayList<>();
		int refused = 0;
		for (int i = 0; i < 400; i++) {
			try {
				calls.add(jobs.halfASecond(i));
			}
			catch (TaskRejectedException ex) {
				refused++;
			}
		}

		context.close();

		int done = 0;
		int interrupted = 0;
		int neverStarted = 0;
		for (CompletableFuture<Integer> call : calls) {
			Throwable failure = call.handle((value, ex) -> ex).get(LONG.toSeconds(), TimeUnit.SECONDS);
			Throwable cause = (failure != null && failure.getCause() != null) ? failure.getCause() : failure;
			if (cause == null) {
				done++;
			}
			else if (cause instanceof InterruptedException) {
				interrupted++;
			}
			else if (cause instanceof RejectedTaskException rejected
					&& rejected.reason() == RejectedTaskException.Reason.DRAINED) {
				neverStarted++;
			}
			else {
				throw new AssertionError("A call ended neither done, interrupted nor never started", failure);
			}
		}
		assertThat(done + interrupted + refused + neverStarted).isEqualTo(400);
		assertThat(done).isEqualTo(AopTestUtils.<Jobs>getUltimateTargetObject(jobs).ran.get());
		assertThat(neverStarted).isPositive();
		Matcher summary = Pattern.compile("Drained \\d+ workers? \\[async\\] in \\d+ ms: (\\d+) tasks? finished, "
				+ "(\\d+) interrupted, 0 abandoned, (\\d+) never started")
			.matcher(output.getOut());
		assertThat(summary.find()).as("the drain's summary in %s", output.getOut()).isTrue();
		assertThat(Integer.parseInt(summary.group(3))).isEqualTo(neverStarted);
		System.out.printf("400 calls of 0.5 s, shutdown phase 3 s: %d done, %d interrupted, %d refused, %d never "
				+ "started%n", done, interrupted, refused, neverStarted);
	}

	/** An application with {@code @Async} work, nothing of managed-workers' API. */
	@SpringBootConfiguration
	@ImportAutoConfiguration({ ManagedWorkersAutoConfiguration.class, ManagedWorkersAdoptionAutoConfiguration.class,
			TaskExecutionAutoConfiguration.class })
	@EnableAsync
	static class QueuedApp {

		@Bean
		Jobs jobs() {
			return new Jobs();
		}

	}

	static class Jobs {

		final AtomicInteger ran = new AtomicInteger();

		@Async
		CompletableFuture<Integer> work(int i, CountDownLatch gate) throws InterruptedException {
			gate.await(1, TimeUnit.MINUTES);
			this.ran.incrementAndGet();
			return CompletableFuture.completedFuture(i);
		}

		@Async
		CompletableFuture<Integer> halfASecond(int i) throws InterruptedException {
			Thread.sleep(500); // the work
			this.ran.incrementAndGet();
			return CompletableFuture.completedFuture(i);
		}

	}

}
