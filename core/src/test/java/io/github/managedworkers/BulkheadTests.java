package io.github.managedworkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class BulkheadTests extends ThreadModeContract {

	@Test
	void tenTimesOverloadRunsExactlyTheLimitAndRejectsTheRest() throws Exception {
		WorkerHandle pool = pool("pool", 8, Duration.ZERO);
		CountDownLatch gate = new CountDownLatch(1);
		CountDownLatch allInside = new CountDownLatch(8);
		ConcurrencyProbe probe = new ConcurrencyProbe();
		List<CompletableFuture<Integer>> futures = new ArrayList<>();
		for (int i = 0; i < 80; i++) {
			int n = i;
			futures.add(pool.submit((ctx) -> probe.during(() -> {
				allInside.countDown();
				assertThat(gate.await(1, TimeUnit.MINUTES)).isTrue();
				return n;
			})));
		}
		long rejected = futures.stream().filter(CompletableFuture::isCompletedExceptionally).count();
		assertThat(rejected).isEqualTo(72);
		assertThat(pool.snapshot().rejected()).isEqualTo(72);
		assertThat(pool.snapshot().availablePermits()).isZero();
		assertThat(allInside.await(1, TimeUnit.MINUTES)).isTrue();
		gate.countDown();
		int completed = 0;
		for (CompletableFuture<Integer> future : futures) {
			if (!future.isCompletedExceptionally()) {
				future.get(1, TimeUnit.MINUTES);
				completed++;
			}
		}
		assertThat(completed).isEqualTo(8);
		assertThat(probe.max()).isEqualTo(8);
	}

	@Test
	void concurrencyNeverExceedsTheLimitWhileTenTimesAsManySubmittersWait() throws Exception {
		WorkerHandle pool = pool("pool", 8, LONG);
		WorkerHandle submitters = pool("submitters", 80, Duration.ZERO);
		ConcurrencyProbe probe = new ConcurrencyProbe();
		List<CompletableFuture<CompletableFuture<Integer>>> submits = new ArrayList<>();
		for (int i = 0; i < 80; i++) {
			submits.add(submitters.submit((outer) -> pool.submit((ctx) -> probe.during(() -> {
				ctx.sleep(Duration.ofMillis(2)); // a little work, so that tasks overlap
				return 1;
			}))));
		}
		int sum = 0;
		for (CompletableFuture<CompletableFuture<Integer>> submit : submits) {
			sum += submit.get(1, TimeUnit.MINUTES).get(1, TimeUnit.MINUTES);
		}
		assertThat(sum).isEqualTo(80);
		assertThat(probe.max()).isBetween(1, 8);
		assertThat(pool.snapshot().rejected()).isZero();
		assertThat(pool.snapshot().completed()).isEqualTo(80);
	}

	@Test
	void aRejectionNamesTheWorkerItsLimitAndTheReasonAndNeverHangs() {
		WorkerHandle pool = pool("reports", 1, Duration.ZERO);
		CountDownLatch gate = new CountDownLatch(1);
		CompletableFuture<Boolean> running = pool.submit((ctx) -> gate.await(1, TimeUnit.HOURS));
		CompletableFuture<String> rejected = pool.submit((ctx) -> "never");
		assertThat(rejected).isCompletedExceptionally();
		assertThatThrownBy(rejected::get).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(RejectedTaskException.class, (ex) -> {
				assertThat(ex.worker()).isEqualTo("reports");
				assertThat(ex.reason()).isEqualTo(RejectedTaskException.Reason.FULL);
				assertThat(ex.maxConcurrency()).isEqualTo(1);
				assertThat(ex).hasMessageContaining("'reports'")
					.hasMessageContaining("all 1 permits stayed busy")
					.hasMessageContaining("max-concurrency=1");
			});
		gate.countDown();
		assertThat(running).succeedsWithin(LONG);
	}

	@Test
	void aSubmitWaitsForAPermitThatFreesWithinMaxWait() throws Exception {
		WorkerHandle pool = pool("pool", 1, LONG);
		WorkerHandle submitter = pool("submitter", 1, Duration.ZERO);
		CountDownLatch firstRunning = new CountDownLatch(1);
		CountDownLatch releaseFirst = new CountDownLatch(1);
		CompletableFuture<String> first = pool.submit((ctx) -> {
			firstRunning.countDown();
			assertThat(releaseFirst.await(1, TimeUnit.MINUTES)).isTrue();
			return "first";
		});
		assertThat(firstRunning.await(1, TimeUnit.MINUTES)).isTrue();
		CompletableFuture<CompletableFuture<String>> second = submitter.submit((ctx) -> pool.submit((c) -> "second"));
		await().atMost(LONG).until(() -> waitsForAPermit(submitter));
		assertThat(second).isNotDone();
		releaseFirst.countDown();
		assertThat(first.get(1, TimeUnit.MINUTES)).isEqualTo("first");
		assertThat(second.get(1, TimeUnit.MINUTES).get(1, TimeUnit.MINUTES)).isEqualTo("second");
		assertThat(pool.snapshot().rejected()).isZero();
	}

	@Test
	void aTaskSubmittedFromATaskGoesThroughTheSameBulkhead() throws Exception {
		WorkerHandle pool = pool("pool", 2, LONG);
		CompletableFuture<Integer> parent = pool.submit((ctx) -> ctx.submit((child) -> 21).get(1, TimeUnit.MINUTES) * 2);
		assertThat(parent.get(1, TimeUnit.MINUTES)).isEqualTo(42);
		assertThat(pool.snapshot().completed()).isEqualTo(2);
	}

	@Test
	void submitsAreRejectedBeforeStartAndAfterStop() {
		WorkerHandle pool = this.registry.register(WorkerSpec.builder("idle").build());
		assertThatThrownBy(() -> pool.submit((ctx) -> 1).get(1, TimeUnit.MINUTES)).cause()
			.isInstanceOfSatisfying(RejectedTaskException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(RejectedTaskException.Reason.NOT_RUNNING))
			.hasMessageContaining("it is NEW, not RUNNING");
		pool.start();
		pool.stop();
		assertThatThrownBy(() -> pool.submit((ctx) -> 1).get(1, TimeUnit.MINUTES)).cause()
			.hasMessageContaining("it is STOPPED, not RUNNING");
		assertThat(pool.snapshot().rejected()).isEqualTo(2);
	}

	@Test
	void aDrainWakesEverySubmitterWaitingForAPermitWithStopping() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try (WorkerRegistry drained = registryBuilder().interruptGrace(Duration.ofMillis(50)).build()) {
			WorkerHandle pool = drained.register(WorkerSpec.builder("pool").maxConcurrency(1).maxWait(LONG).build());
			pool.start();
			CountDownLatch holding = new CountDownLatch(1);
			pool.submit((ctx) -> {
				holding.countDown();
				return awaitIgnoringInterrupts(release); // holds the one permit past the drain
			});
			assertThat(holding.await(1, TimeUnit.MINUTES)).isTrue();
			WorkerHandle callers = pool("callers", 4, Duration.ZERO);
			List<CompletableFuture<CompletableFuture<String>>> waiting = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				waiting.add(callers.submit((outer) -> pool.submit((ctx) -> "never")));
			}
			await().atMost(LONG).until(() -> permitWaiters(callers) == 4);
			DrainReport report = drained.drain(Duration.ofMillis(50));
			assertThat(report.abandoned()).hasSize(1);
			for (CompletableFuture<CompletableFuture<String>> submit : waiting) {
				// maxWait is a minute: only a wake-up by the drain completes these within seconds.
				assertThat(submit).succeedsWithin(Duration.ofSeconds(5));
				assertThatThrownBy(submit.get()::get).cause()
					.isInstanceOfSatisfying(RejectedTaskException.class,
							(ex) -> assertThat(ex.reason()).isEqualTo(RejectedTaskException.Reason.STOPPING));
			}
		}
		finally {
			release.countDown();
		}
	}

	private static boolean awaitIgnoringInterrupts(CountDownLatch latch) {
		while (true) {
			try {
				return latch.await(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				// deliberately deaf to the drain
			}
		}
	}

	@Test
	void anInterruptedSubmitterIsToldSoAndKeepsItsInterruptFlag() throws Exception {
		WorkerHandle pool = pool("pool", 1, LONG);
		WorkerHandle submitter = pool("submitter", 1, Duration.ZERO);
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		pool.submit((ctx) -> {
			holding.countDown();
			return release.await(1, TimeUnit.MINUTES);
		});
		assertThat(holding.await(1, TimeUnit.MINUTES)).isTrue();
		CompletableFuture<Throwable> seen = new CompletableFuture<>();
		CompletableFuture<Boolean> flagKept = new CompletableFuture<>();
		CompletableFuture<Object> outer = submitter.submit((ctx) -> {
			CompletableFuture<String> inner = pool.submit((c) -> "never");
			flagKept.complete(Thread.currentThread().isInterrupted());
			seen.complete(inner.handle((value, failure) -> failure).join());
			return null;
		});
		await().atMost(LONG).until(() -> permitWaiters(submitter) == 1);
		outer.cancel(true); // interrupts the submitting task's thread
		assertThat(flagKept).succeedsWithin(LONG).isEqualTo(true);
		assertThat(seen).succeedsWithin(LONG)
			.isInstanceOfSatisfying(RejectedTaskException.class, (ex) -> {
				assertThat(ex.reason()).isEqualTo(RejectedTaskException.Reason.INTERRUPTED);
				assertThat(ex).hasMessageContaining("'pool'").hasMessageContaining("interrupted");
			});
		release.countDown();
	}

	private static long permitWaiters(WorkerHandle submitter) {
		return submitter.tasks(100, 100).stream().filter((task) -> waitsForAPermit(task)).count();
	}

	private static boolean waitsForAPermit(TaskSnapshot task) {
		return task.stack().stream().anyMatch((frame) -> frame.getMethodName().equals("awaitPermit"));
	}

	private static boolean waitsForAPermit(WorkerHandle submitter) {
		return submitter.tasks(1, 100)
			.stream()
			.anyMatch((task) -> task.stack()
				.stream()
				.anyMatch((frame) -> frame.getMethodName().equals("awaitPermit")));
	}

	/** Tracks how many calls run at once, and the most ever seen. */
	static final class ConcurrencyProbe {

		private final AtomicInteger running = new AtomicInteger();

		private final AtomicInteger max = new AtomicInteger();

		<T> T during(Callable<T> body) throws Exception {
			this.max.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				return body.call();
			}
			finally {
				this.running.decrementAndGet();
			}
		}

		int max() {
			return this.max.get();
		}

	}

}
