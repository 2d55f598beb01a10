package io.github.managedworkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.github.managedworkers.RejectedTaskException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A worker's queue: accepted tasks wait without a thread, FIFO, until a permit frees; a drain starts them until its
 * deadline and reports the rest as never started.
 */
class QueueTests extends ThreadModeContract {

	private WorkerHandle queued(String name, int maxConcurrency, int queueCapacity, Duration maxWait) {
		WorkerHandle worker = this.registry.register(WorkerSpec.builder(name)
			.maxConcurrency(maxConcurrency)
			.queueCapacity(queueCapacity)
			.maxWait(maxWait)
			.build());
		worker.start();
		return worker;
	}

	@Test
	void aSubmitReturnsAtOnceWhileTheQueueHasRoomAndQueuedTasksStartInOrder() throws Exception {
		WorkerHandle pool = queued("pool", 1, 10, Duration.ZERO);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> holder = pool.submit((ctx) -> release.await(1, TimeUnit.MINUTES));
		List<Integer> order = new CopyOnWriteArrayList<>();
		List<CompletableFuture<Integer>> waiting = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			int n = i;
			waiting.add(pool.submit((ctx) -> {
				order.add(n);
				return n;
			}));
		}
		assertThat(waiting).noneMatch(CompletableFuture::isDone);
		assertThat(pool.queuedTasks()).isEqualTo(10);
		assertThat(pool.snapshot().queued()).isEqualTo(10);
		assertThat(pool.activeTasks()).isEqualTo(1);
		release.countDown();
		for (int i = 0; i < 10; i++) {
			assertThat(waiting.get(i)).succeedsWithin(LONG).isEqualTo(i);
		}
		assertThat(holder).succeedsWithin(LONG).isEqualTo(true);
		assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
		assertThat(pool.queuedTasks()).isZero();
		assertThat(pool.snapshot().rejected()).isZero();
	}

	@Test
	void onPlatformThreadsOnePooledThreadRunsTheQueuedTasksOneAfterAnotherUnderTheirOwnNames() throws Exception {
		assumeTrue(this.threads == ThreadMode.PLATFORM, "virtual threads: a thread per task");
		WorkerHandle pool = queued("pool", 1, 10, Duration.ZERO);
		CountDownLatch release = new CountDownLatch(1);
		List<Thread> threads = new CopyOnWriteArrayList<>();
		List<String> names = new CopyOnWriteArrayList<>();
		List<CompletableFuture<Long>> tasks = new ArrayList<>();
		tasks.add(pool.submit((ctx) -> {
			threads.add(Thread.currentThread());
			release.await(1, TimeUnit.MINUTES);
			return ctx.taskId();
		}));
		for (int i = 0; i < 5; i++) {
			tasks.add(pool.submit((ctx) -> {
				threads.add(Thread.currentThread());
				names.add(Thread.currentThread().getName());
				return ctx.taskId();
			}));
		}
		release.countDown();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < tasks.size(); i++) {
			long id = tasks.get(i).get(1, TimeUnit.MINUTES);
			if (i > 0) {
				expected.add("pool-" + id);
			}
		}
		assertThat(threads).hasSize(6).containsOnly(threads.get(0));
		assertThat(names).isEqualTo(expected);
		assertThat(this.registry.ownedThreadIds()).contains(threads.get(0).getId());
	}

	@Test
	void aFullQueueWaitsUpToMaxWaitForRoomThenRejectsFull() throws Exception {
		WorkerHandle pool = queued("pool", 1, 1, Duration.ofMillis(50));
		CountDownLatch release = new CountDownLatch(1);
		pool.submit((ctx) -> release.await(1, TimeUnit.MINUTES));
		CompletableFuture<String> inQueue = pool.submit((ctx) -> "queued");
		CompletableFuture<String> over = pool.submit((ctx) -> "over");
		assertThatThrownBy(over::get).cause()
			.isInstanceOfSatisfying(RejectedTaskException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.FULL))
			.hasMessageContaining("its queue of 1 tasks")
			.hasMessageContaining("queue-capacity=1");
		release.countDown();
		assertThat(inQueue).succeedsWithin(LONG).isEqualTo("queued");
	}

	@Test
	void aSubmitterWaitingForRoomGetsInWhenAQueuedTaskStarts() throws Exception {
		WorkerHandle pool = queued("pool", 1, 1, LONG);
		WorkerHandle submitter = pool("submitter", 1, Duration.ZERO);
		CountDownLatch release = new CountDownLatch(1);
		pool.submit((ctx) -> release.await(1, TimeUnit.MINUTES));
		pool.submit((ctx) -> "queued");
		CompletableFuture<CompletableFuture<String>> waiting = submitter.submit((ctx) -> pool.submit((c) -> "in"));
		await().atMost(LONG).until(() -> submitter.tasks(1, 50)
			.stream()
			.anyMatch((task) -> task.stack().stream().anyMatch((f) -> f.getMethodName().equals("offer"))));
		release.countDown();
		assertThat(waiting).succeedsWithin(LONG);
		assertThat(waiting.get()).succeedsWithin(LONG).isEqualTo("in");
	}

	@Test
	void growingTheLimitStartsQueuedTasksAtOnce() throws Exception {
		WorkerHandle pool = queued("pool", 1, 10, Duration.ZERO);
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> tasks = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			tasks.add(pool.submit((ctx) -> release.await(1, TimeUnit.MINUTES)));
		}
		assertThat(pool.queuedTasks()).isEqualTo(3);
		pool.resize(4);
		await().atMost(LONG).until(() -> pool.activeTasks() == 4 && pool.queuedTasks() == 0);
		release.countDown();
		assertThat(tasks).allSatisfy((task) -> assertThat(task).succeedsWithin(LONG).isEqualTo(true));
	}

	@Test
	void aDrainLetsQueuedTasksStartUntilItsDeadline() throws Exception {
		WorkerHandle pool = queued("pool", 1, 10, Duration.ZERO);
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<String> first = pool.submit((ctx) -> {
			started.countDown();
			ctx.sleep(LONG);
			return "first";
		});
		List<CompletableFuture<Boolean>> queued = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			queued.add(pool.submit(WorkerContext::isStopping));
		}
		assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
		DrainReport report = pool.stop(LONG);
		assertThat(first).succeedsWithin(LONG).isEqualTo("first");
		// They started during the drain: they see the stop, and may end early.
		assertThat(queued).allSatisfy((task) -> assertThat(task).succeedsWithin(LONG).isEqualTo(true));
		assertThat(report.finished()).isEqualTo(6);
		assertThat(report.notStarted()).isZero();
		assertThat(report.isClean()).isTrue();
		assertThat(pool.submit((ctx) -> "late")).failsWithin(LONG);
	}

	@Test
	void queuedTasksTheDrainsDeadlineLeavesUnstartedFailAsDrainedAndAreCounted() throws Exception {
		List<RejectedTaskException> heard = new CopyOnWriteArrayList<>();
		WorkerRegistry quick = registryBuilder().interruptGrace(Duration.ofMillis(20))
			.listener(new WorkerListener() {
				@Override
				public void taskRejected(WorkerHandle worker, RejectedTaskException rejection) {
					heard.add(rejection);
				}
			})
			.build();
		CountDownLatch release = new CountDownLatch(1);
		try {
			WorkerHandle pool = quick.register(WorkerSpec.builder("pool").maxConcurrency(1).queueCapacity(10).build());
			pool.start();
			CountDownLatch started = new CountDownLatch(1);
			CompletableFuture<String> deaf = pool.submit((ctx) -> {
				started.countDown();
				DrainAccountingTests.awaitIgnoringInterrupts(release);
				return "deaf";
			});
			List<CompletableFuture<String>> queued = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				queued.add(pool.submit((ctx) -> "never"));
			}
			assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
			DrainReport report = pool.stop(Duration.ZERO);
			assertThat(report.notStarted()).isEqualTo(5);
			assertThat(report.abandoned()).hasSize(1);
			assertThat(report.summary()).endsWith("0 interrupted, 1 abandoned, 5 never started");
			assertThat(report.isClean()).isFalse();
			assertThat(queued).allSatisfy((task) -> assertThatThrownBy(task::get).cause()
				.isInstanceOfSatisfying(RejectedTaskException.class,
						(ex) -> assertThat(ex.reason()).isEqualTo(Reason.DRAINED))
				.hasMessageContaining("its drain ended before a permit freed"));
			assertThat(heard).hasSize(5).allMatch((rejection) -> rejection.reason() == Reason.DRAINED);
			assertThat(pool.snapshot().rejected()).isEqualTo(5);
			assertThat(pool.queuedTasks()).isZero();
			assertThatThrownBy(deaf::get).cause().isInstanceOf(AbandonedTaskException.class);
		}
		finally {
			release.countDown();
			quick.close();
		}
	}

	@Test
	void aWorkerStartedAgainAfterADrainQueuesAgain() throws Exception {
		WorkerHandle pool = queued("pool", 1, 2, Duration.ZERO);
		pool.stop();
		pool.start();
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Boolean> holder = pool.submit((ctx) -> release.await(1, TimeUnit.MINUTES));
		CompletableFuture<String> queued = pool.submit((ctx) -> "again");
		assertThat(pool.queuedTasks()).isEqualTo(1);
		release.countDown();
		assertThat(queued).succeedsWithin(LONG).isEqualTo("again");
		assertThat(holder).succeedsWithin(LONG);
	}

	@Test
	void aGroupsTasksQueueAndItsJoinWaitsForThem() throws Exception {
		WorkerHandle pool = queued("pool", 1, 10, Duration.ZERO);
		TaskGroup<Integer> group = pool.group();
		for (int i = 0; i < 5; i++) {
			int n = i;
			group.submit((ctx) -> n);
		}
		assertThat(group.join(LONG)).containsExactly(0, 1, 2, 3, 4);
	}

	/**
	 * Randomized: tasks that run a random time once the drain began, some still queued at its random deadline: every
	 * accepted task is counted once, and the counts agree with the futures and the worker's counters.
	 */
	@Test
	void nothingAcceptedDisappearsWithoutACount() throws Exception {
		for (int round = 0; round < 5; round++) {
			WorkerHandle pool = queued("round-" + round, 4, 500, Duration.ZERO);
			List<CompletableFuture<Integer>> futures = new ArrayList<>();
			AtomicInteger ran = new AtomicInteger();
			for (int i = 0; i < 500; i++) {
				long millis = ThreadLocalRandom.current().nextLong(3);
				futures.add(pool.submit((ctx) -> {
					ran.incrementAndGet();
					ctx.sleep(LONG); // none ends before the drain, so that the drain counts every one
					Thread.sleep(millis);
					return 1;
				}));
			}
			DrainReport report = pool.stop(Duration.ofMillis(ThreadLocalRandom.current().nextLong(1, 40)));
			int done = 0;
			int interrupted = 0;
			int drained = 0;
			for (CompletableFuture<Integer> future : futures) {
				try {
					future.get(1, TimeUnit.MINUTES);
					done++;
				}
				catch (ExecutionException ex) {
					if (ex.getCause() instanceof InterruptedException) {
						interrupted++;
					}
					else if (ex.getCause() instanceof RejectedTaskException rejected
							&& rejected.reason() == Reason.DRAINED) {
						drained++;
					}
				}
			}
			assertThat(new int[] { done, interrupted, drained }).as(report.summary())
				.containsExactly(report.finished(), report.interrupted(), report.notStarted());
			assertThat(report.finished() + report.interrupted() + report.abandoned().size() + report.notStarted())
				.as(report.summary())
				.isEqualTo(500);
			assertThat(ran.get()).isEqualTo(500 - report.notStarted());
			assertThat(pool.snapshot().rejected()).isEqualTo(report.notStarted());
		}
	}

	@Test
	void aNegativeQueueCapacityIsAClearError() {
		assertThatThrownBy(() -> WorkerSpec.builder("pool").queueCapacity(-1))
			.isInstanceOf(InvalidWorkerSpecException.class)
			.hasMessageContaining("queueCapacity")
			.hasMessageContaining("'-1'")
			.hasMessageContaining("0 (no queue) or more");
	}

}
