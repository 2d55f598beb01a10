package io.github.managedworkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ResizeTests extends ThreadModeContract {

	@Test
	void growingLetsAWaitingSubmitterInAtOnce() throws Exception {
		WorkerHandle pool = pool("pool", 1, LONG);
		WorkerHandle submitter = pool("submitter", 1, Duration.ZERO);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> holder = pool.submit((ctx) -> release.await(1, TimeUnit.MINUTES));
		await().atMost(LONG).until(() -> pool.snapshot().availablePermits() == 0);
		CompletableFuture<CompletableFuture<String>> waiting = submitter.submit((ctx) -> pool.submit((c) -> "in"));
		await().atMost(LONG).until(() -> submitter.tasks(1, 50)
			.stream()
			.anyMatch((task) -> task.stack().stream().anyMatch((f) -> f.getMethodName().equals("awaitPermit"))));
		pool.resize(2);
		assertThat(waiting).succeedsWithin(LONG);
		assertThat(waiting.get()).succeedsWithin(LONG).isEqualTo("in");
		assertThat(holder).isNotDone();
		assertThat(pool.snapshot().maxConcurrency()).isEqualTo(2);
		assertThat(pool.spec().maxConcurrency()).isEqualTo(1);
		release.countDown();
	}

	@Test
	void shrinkingInterruptsNothingAndAdmitsNoTaskUntilBelowTheNewLimit() throws Exception {
		WorkerHandle pool = pool("pool", 4, Duration.ZERO);
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> running = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			running.add(pool.submit((ctx) -> release.await(1, TimeUnit.MINUTES)));
		}
		pool.resize(2);
		assertThat(pool.submit((ctx) -> "over")).failsWithin(LONG);
		release.countDown();
		for (CompletableFuture<Boolean> task : running) {
			assertThat(task).succeedsWithin(LONG).isEqualTo(true);
		}
		await().atMost(LONG).until(() -> pool.snapshot().availablePermits() == 2);
		assertThat(pool.snapshot().interrupted()).isZero();
	}

	@Test
	void resizingUpAndDownUnderLoadNeverRunsMoreThanTheLimitInForceAndLosesNoTask() throws Exception {
		WorkerHandle pool = pool("pool", 8, LONG);
		WorkerHandle submitters = pool("submitters", 64, Duration.ZERO);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger overLimit = new AtomicInteger();
		AtomicInteger done = new AtomicInteger();
		int tasks = 2_000;
		List<CompletableFuture<CompletableFuture<Integer>>> submits = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			submits.add(submitters.submit((outer) -> {
				for (int n = 0; n < tasks / 64 + 1 && done.get() < tasks; n++) {
					pool.submit((ctx) -> {
						int now = running.incrementAndGet();
						// The limit in force can only have been at most 8 at any time during this run.
						if (now > 8) {
							overLimit.incrementAndGet();
						}
						Thread.onSpinWait();
						running.decrementAndGet();
						return done.incrementAndGet();
					}).join();
				}
				return null;
			}));
		}
		int[] limits = { 1, 8, 3, 6, 2, 8 };
		for (int limit : limits) {
			int before = done.get();
			pool.resize(limit);
			await().atMost(LONG).until(() -> done.get() > before + 50 || done.get() >= tasks);
		}
		for (CompletableFuture<CompletableFuture<Integer>> submit : submits) {
			assertThat(submit).succeedsWithin(LONG);
		}
		assertThat(overLimit).hasValue(0);
		assertThat(pool.snapshot().rejected()).isZero();
		assertThat(pool.snapshot().failed()).isZero();
		assertThat(pool.snapshot().completed()).isEqualTo(done.get());
	}

	/**
	 * Issue 29: shrinking from the largest limit took 22 s, one step per permit under a lock. The timeout only stops
	 * the build if that comes back: three such cycles take a minute that way, milliseconds in constant time.
	 */
	@Test
	@Timeout(20)
	void resizingBetweenTheLargestLimitAndOneTakesConstantWorkAndKeepsTheCounts() throws Exception {
		WorkerHandle pool = pool("pool", 4, Duration.ZERO);
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> running = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			running.add(pool.submit((ctx) -> release.await(1, TimeUnit.MINUTES)));
		}
		for (int cycle = 0; cycle < 3; cycle++) {
			pool.resize(Integer.MAX_VALUE);
			assertThat(pool.snapshot().availablePermits()).isEqualTo(Integer.MAX_VALUE - 2);
			pool.resize(1);
			assertThat(pool.snapshot().availablePermits()).isZero();
			assertThat(pool.submit((ctx) -> "over the limit")).failsWithin(LONG);
		}
		pool.resize(8);
		assertThat(pool.snapshot().maxConcurrency()).isEqualTo(8);
		assertThat(pool.snapshot().availablePermits()).isEqualTo(6);
		for (int i = 0; i < 6; i++) {
			running.add(pool.submit((ctx) -> release.await(1, TimeUnit.MINUTES)));
		}
		assertThat(pool.snapshot().availablePermits()).isZero();
		assertThat(pool.submit((ctx) -> "ninth")).failsWithin(LONG);
		release.countDown();
		assertThat(running).allSatisfy((task) -> assertThat(task).succeedsWithin(LONG).isEqualTo(true));
		await().atMost(LONG).until(() -> pool.snapshot().availablePermits() == 8);
		assertThat(pool.snapshot().rejected()).isEqualTo(4);
	}

	@Test
	void aLimitBelowOneIsAClearErrorAndChangesNothing() {
		WorkerHandle pool = pool("pool", 4, Duration.ZERO);
		assertThatThrownBy(() -> pool.resize(0)).isInstanceOf(InvalidWorkerSpecException.class)
			.hasMessageContaining("'0'")
			.hasMessageContaining("1 or more");
		assertThat(pool.snapshot().maxConcurrency()).isEqualTo(4);
	}

}
