package io.github.managedworkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The drain's accounting is exact: each task it found is counted once, by what it did, and the report agrees with
 * the futures and the worker's own counters (issue 28).
 */
class DrainAccountingTests extends ThreadModeContract {

	/**
	 * How long the stress test repeats its scenario on each thread mode; {@code -Ddrain.stress.seconds=120} to hunt
	 * for a rare race locally.
	 */
	private static final long STRESS_NANOS = TimeUnit.SECONDS
		.toNanos(Long.getLong("drain.stress.seconds", 12));

	/** What the drain may take beyond its timeout and grace: its own bookkeeping, never one step per task's stack. */
	private static final Duration DRAIN_BOUND = Duration.ofSeconds(1);

	@Test
	void aTaskThatEndsAtTheDeadlineCountsAsFinishedAndItsFutureCompletes() throws Exception {
		WorkerHandle pool = pool("pool", 1, Duration.ZERO);
		CountDownLatch atDeadline = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<String> task = pool.submit((ctx) -> {
			// The drain runs this stop callback once its timeout of zero has passed: the task ends right there.
			ctx.onStop(atDeadline::countDown);
			started.countDown();
			awaitIgnoringInterrupts(atDeadline);
			return "done";
		});
		assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
		DrainReport report = pool.stop(Duration.ZERO);
		assertThat(task).succeedsWithin(LONG).isEqualTo("done");
		assertThat(report.finished()).isEqualTo(1);
		assertThat(report.interrupted()).isZero();
		assertThat(report.abandoned()).isEmpty();
		assertThat(pool.snapshot().completed()).isEqualTo(1);
	}

	@Test
	void aTaskThatEndsDuringTheGraceCountsByWhatItDid() throws Exception {
		WorkerHandle pool = pool("pool", 3, Duration.ZERO);
		CountDownLatch started = new CountDownLatch(3);
		// Ignores the stop signal; the drain's interrupt ends its wait, and it returns normally: it finished.
		CompletableFuture<String> tidy = pool.submit((ctx) -> {
			started.countDown();
			try {
				new CountDownLatch(1).await(1, TimeUnit.MINUTES);
				return "timed out";
			}
			catch (InterruptedException ex) {
				return "cleaned up";
			}
		});
		// The interrupt ends it with an InterruptedException: it was interrupted.
		CompletableFuture<String> cut = pool.submit((ctx) -> {
			started.countDown();
			new CountDownLatch(1).await(1, TimeUnit.MINUTES);
			return "timed out";
		});
		// Ends after being interrupted, with a failure of its own: the worker counts it interrupted, so does the drain.
		CompletableFuture<String> failing = pool.submit((ctx) -> {
			started.countDown();
			try {
				new CountDownLatch(1).await(1, TimeUnit.MINUTES);
				return "timed out";
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException("gave up");
			}
		});
		assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
		DrainReport report = pool.stop(Duration.ofMillis(20));
		assertThat(tidy).succeedsWithin(LONG).isEqualTo("cleaned up");
		assertThatThrownBy(cut::get).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(InterruptedException.class);
		assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(IllegalStateException.class);
		assertThat(report.finished()).isEqualTo(1);
		assertThat(report.interrupted()).isEqualTo(2);
		assertThat(report.abandoned()).isEmpty();
		WorkerSnapshot counters = pool.snapshot();
		assertThat(counters.completed()).isEqualTo(1);
		assertThat(counters.interrupted()).isEqualTo(2);
		assertThat(counters.failed()).isZero();
	}

	@Test
	void anAbandonedTaskThatEndsLaterKeepsItsFailedFutureAndIsCountedByTheWorker() throws Exception {
		WorkerRegistry quick = registryBuilder().interruptGrace(Duration.ofMillis(20)).build();
		try {
			WorkerHandle pool = quick.register(WorkerSpec.builder("deaf").build());
			pool.start();
			CountDownLatch started = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			CompletableFuture<String> task = pool.submit((ctx) -> {
				started.countDown();
				awaitIgnoringInterrupts(release);
				return "late";
			});
			assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
			DrainReport report = pool.stop(Duration.ZERO);
			assertThat(report.abandoned()).hasSize(1);
			assertThat(report.finished() + report.interrupted()).isZero();
			release.countDown();
			await().atMost(LONG).until(() -> pool.activeTasks() == 0);
			assertThatThrownBy(task::get).cause().isInstanceOf(AbandonedTaskException.class);
			assertThat(pool.snapshot().completed()).isEqualTo(1);
		}
		finally {
			quick.close();
		}
	}

	/**
	 * Issue 28's scenario, repeated: 20,000 tasks that wake on the stop signal, 100 that only an interrupt ends and
	 * 5 that ignore even that; timeout 500 ms, grace 300 ms.
	 */
	@Test
	void aLoadedDrainCountsEveryTaskExactlyAndKeepsItsDeadline() throws Exception {
		long start = System.nanoTime();
		int repetitions = 0;
		// On platform threads every task in flight is an OS thread: 20,000 of them runnable at once on a 2-core CI host
		// measure the OS scheduler (the drain's own thread waits seconds for a time slice), not the drain.
		int sleepers = (this.threads == ThreadMode.VIRTUAL) ? 20_000 : 2_000;
		do {
			drainUnderLoad(sleepers, 100, 5, Duration.ofMillis(500), Duration.ofMillis(300));
			repetitions++;
		}
		while (repetitions < 2 || System.nanoTime() - start < STRESS_NANOS);
	}

	private void drainUnderLoad(int sleepers, int interruptible, int deaf, Duration timeout, Duration grace)
			throws Exception {
		WorkerRegistry loaded = registryBuilder().interruptGrace(grace).build();
		CountDownLatch release = new CountDownLatch(1);
		try {
			int total = sleepers + interruptible + deaf;
			WorkerHandle pool = loaded.register(WorkerSpec.builder("loaded").maxConcurrency(total).build());
			pool.start();
			CountDownLatch started = new CountDownLatch(total);
			List<CompletableFuture<String>> futures = new ArrayList<>(total);
			for (int i = 0; i < sleepers; i++) {
				futures.add(pool.submit((ctx) -> {
					started.countDown();
					ctx.sleep(Duration.ofSeconds(60));
					return "woke";
				}));
			}
			for (int i = 0; i < interruptible; i++) {
				futures.add(pool.submit((ctx) -> {
					started.countDown();
					Thread.sleep(60_000);
					return "slept";
				}));
			}
			for (int i = 0; i < deaf; i++) {
				futures.add(pool.submit((ctx) -> {
					started.countDown();
					awaitIgnoringInterrupts(release);
					return "deaf";
				}));
			}
			assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
			long before = System.nanoTime();
			DrainReport report = loaded.drain(timeout);
			Duration took = Duration.ofNanos(System.nanoTime() - before);

			assertThat(took).as("the drain's deadline").isLessThan(timeout.plus(grace).plus(DRAIN_BOUND));
			assertThat(report.finished()).as(report.summary()).isEqualTo(sleepers);
			assertThat(report.interrupted()).as(report.summary()).isEqualTo(interruptible);
			assertThat(report.abandoned()).as(report.summary()).hasSize(deaf);
			int woke = 0;
			int interrupted = 0;
			int abandoned = 0;
			for (CompletableFuture<String> future : futures) {
				try {
					future.get(1, TimeUnit.MINUTES);
					woke++;
				}
				catch (ExecutionException ex) {
					if (ex.getCause() instanceof InterruptedException) {
						interrupted++;
					}
					else if (ex.getCause() instanceof AbandonedTaskException) {
						abandoned++;
					}
				}
			}
			assertThat(new int[] { woke, interrupted, abandoned }).as("futures: woke, interrupted, abandoned")
				.containsExactly(report.finished(), report.interrupted(), report.abandoned().size());
			WorkerSnapshot counters = pool.snapshot();
			assertThat(counters.completed()).isEqualTo(report.finished());
			assertThat(counters.interrupted()).isEqualTo(report.interrupted());
			assertThat(counters.failed()).isZero();
		}
		finally {
			release.countDown();
			loaded.close();
		}
	}

	/** Blocks until released, whatever interrupts come: a task that no drain can end. */
	static void awaitIgnoringInterrupts(CountDownLatch release) {
		while (true) {
			try {
				if (release.await(1, TimeUnit.MINUTES)) {
					return;
				}
			}
			catch (InterruptedException ex) {
				// ignored on purpose
			}
		}
	}

}
