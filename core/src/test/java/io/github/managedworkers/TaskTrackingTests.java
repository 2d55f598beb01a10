package io.github.managedworkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.managedworkers.test.LeakOption;
import io.github.managedworkers.test.ThreadLeaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TaskTrackingTests extends ThreadModeContract {

	@Test
	void tenThousandTasksLeaveNoTrackedTaskAndNoThreadBehind() throws Exception {
		LeakOption before = LeakOption.ignoreCurrentThreads();
		WorkerHandle pool = pool("bulk", 64, LONG);
		List<CompletableFuture<Integer>> futures = new ArrayList<>(10_000);
		for (int i = 0; i < 10_000; i++) {
			int n = i;
			futures.add(pool.submit((ctx) -> n));
		}
		long sum = 0;
		for (CompletableFuture<Integer> future : futures) {
			sum += future.get(1, TimeUnit.MINUTES);
		}
		assertThat(sum).isEqualTo(10_000L * 9_999 / 2);
		assertThat(pool.activeTasks()).isZero();
		assertThat(pool.tasks(Integer.MAX_VALUE, 0)).isEmpty();
		assertThat(pool.snapshot().completed()).isEqualTo(10_000);
		assertThat(pool.snapshot().availablePermits()).isEqualTo(64);
		if (this.threads == ThreadMode.PLATFORM) {
			// Pooled, not a thread per task: at most as many threads as the bulkhead lets run at once stay idle.
			assertThat(Thread.getAllStackTraces().keySet().stream().filter((t) -> t.getName().contains("-idle")))
				.hasSizeLessThanOrEqualTo(64);
		}
		// The idle pooled threads are the registry's: its drain ends them.
		assertThat(this.registry.drain().isClean()).isTrue();
		ThreadLeaks.verifyNone(before);
	}

	@Test
	void liveTasksAreListedOldestFirstWithThreadAndStack() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch running = new CountDownLatch(2);
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("listed").build(), (ctx) -> {
			while (!ctx.isStopping()) {
				ctx.sleep(LONG);
			}
		});
		worker.start();
		List<CompletableFuture<Object>> tasks = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			tasks.add(worker.submit((ctx) -> {
				running.countDown();
				return waitHere(release);
			}));
		}
		assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
		await().atMost(LONG).until(() -> worker.activeTasks() == 3);
		WorkerSnapshot snapshot = worker.snapshot(true);
		assertThat(snapshot.activeTasks()).isEqualTo(3);
		assertThat(snapshot.availablePermits()).isEqualTo(WorkerSpec.DEFAULT_MAX_CONCURRENCY - 2);
		List<TaskSnapshot> listed = snapshot.tasks();
		assertThat(listed).extracting(TaskSnapshot::kind).containsExactly(TaskKind.BODY, TaskKind.TASK, TaskKind.TASK);
		assertThat(listed).extracting(TaskSnapshot::id).isSorted();
		assertThat(listed).allSatisfy((task) -> {
			assertThat(task.worker()).isEqualTo("listed");
			assertThat(task.thread()).isEqualTo("listed-" + task.id());
			assertThat(task.virtual()).isEqualTo(this.threads == ThreadMode.VIRTUAL);
			assertThat(task.runningFor()).isGreaterThanOrEqualTo(Duration.ZERO);
			assertThat(task.stack()).isNotEmpty();
		});
		assertThat(listed.get(1).stack()).anyMatch((frame) -> frame.getMethodName().equals("waitHere"));
		assertThat(worker.tasks(1, 2)).singleElement()
			.satisfies((task) -> assertThat(task.stack()).hasSizeLessThanOrEqualTo(2));
		assertThat(worker.snapshot().tasks()).isEmpty();
		release.countDown();
		for (CompletableFuture<Object> task : tasks) {
			task.get(1, TimeUnit.MINUTES);
		}
	}

	@Test
	void aLongTaskStaysTrackedWhileThousandsOfShortOnesComeAndGo() throws Exception {
		WorkerHandle pool = pool("churn", 16, LONG);
		CountDownLatch running = new CountDownLatch(1);
		CompletableFuture<Boolean> longTask = pool.submit((ctx) -> {
			running.countDown();
			return ctx.sleep(LONG);
		});
		assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
		for (int batch = 0; batch < 50; batch++) {
			List<CompletableFuture<Integer>> shortTasks = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				int n = i;
				shortTasks.add(pool.submit((ctx) -> n));
			}
			for (CompletableFuture<Integer> task : shortTasks) {
				task.get(1, TimeUnit.MINUTES);
			}
		}
		assertThat(pool.activeTasks()).isOne();
		long longTaskId = pool.tasks(Integer.MAX_VALUE, 0).get(0).id();
		assertThat(pool.tasks(Integer.MAX_VALUE, 0)).extracting(TaskSnapshot::id).containsExactly(longTaskId);
		DrainReport report = pool.stop(LONG);
		assertThat(report.finished()).isOne();
		assertThat(report.isClean()).isTrue();
		assertThat(longTask.get(1, TimeUnit.MINUTES)).isFalse();
		assertThat(pool.snapshot().completed()).isEqualTo(5_001);
	}

	@Test
	void tasksRunningLongerThanTheThresholdAreStuckButALoopBodyNeverIs() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch running = new CountDownLatch(1);
		WorkerHandle worker = this.registry.register(
				WorkerSpec.builder("slow").stuckAfter(Duration.ofMillis(1)).build(), (ctx) -> {
					while (!ctx.isStopping()) {
						ctx.sleep(LONG);
					}
				});
		worker.start();
		CompletableFuture<Object> task = worker.submit((ctx) -> {
			running.countDown();
			return waitHere(release);
		});
		assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
		await().atMost(LONG).until(() -> !worker.stuckTasks(10).isEmpty());
		assertThat(worker.stuckTasks(10)).singleElement().satisfies((stuck) -> {
			assertThat(stuck.kind()).isEqualTo(TaskKind.TASK);
			assertThat(stuck.runningFor()).isGreaterThan(Duration.ofMillis(1));
		});
		assertThat(worker.stuckTasks(0)).isEmpty();
		release.countDown();
		task.get(1, TimeUnit.MINUTES);
		assertThat(pool("no-threshold", 1, Duration.ZERO).stuckTasks(10)).isEmpty();
	}

	@Test
	void theRegistryUsesTheThreadModeItWasAskedFor() throws Exception {
		assertThat(this.registry.threadMode()).isEqualTo(this.threads);
		WorkerHandle pool = pool("mode", 1, Duration.ZERO);
		String thread = pool.submit((ctx) -> Thread.currentThread().toString()).get(1, TimeUnit.MINUTES);
		if (this.threads == ThreadMode.VIRTUAL) {
			assertThat(thread).startsWith("VirtualThread");
		}
		else {
			assertThat(thread).doesNotStartWith("VirtualThread");
		}
	}

	@Test
	void aTaskFailureCompletesItsFutureAndIsCountedAndKept() {
		WorkerHandle pool = pool("failing", 1, Duration.ZERO);
		CompletableFuture<Object> task = pool.submit((ctx) -> {
			throw new IllegalArgumentException("bad job 7");
		});
		assertThatThrownBy(task::get).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("bad job 7");
		WorkerSnapshot snapshot = pool.snapshot();
		assertThat(snapshot.failed()).isEqualTo(1);
		assertThat(snapshot.lastFailure()).isNotNull().satisfies((failure) -> {
			assertThat(failure.message()).isEqualTo("bad job 7");
			assertThat(failure.kind()).isEqualTo(TaskKind.TASK);
		});
	}

	@Test
	void cancellingAFutureInterruptsItsTask() throws Exception {
		WorkerHandle pool = pool("cancelled", 1, Duration.ZERO);
		CountDownLatch running = new CountDownLatch(1);
		CompletableFuture<Object> task = pool.submit((ctx) -> {
			running.countDown();
			return new CountDownLatch(1).await(1, TimeUnit.HOURS);
		});
		assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
		assertThat(task.cancel(true)).isTrue();
		await().atMost(LONG).until(() -> pool.activeTasks() == 0);
		assertThat(pool.snapshot().interrupted()).isEqualTo(1);
		assertThat(pool.snapshot().availablePermits()).isEqualTo(1);
	}

	private static Object waitHere(CountDownLatch release) throws InterruptedException {
		assertThat(release.await(1, TimeUnit.MINUTES)).isTrue();
		return null;
	}

	@Test
	void aThreadNamePrefixNamesTheWorkersThreadsInsteadOfItsName() throws Exception {
		WorkerHandle pool = this.registry
			.register(WorkerSpec.builder("async").threadNamePrefix("app-task-").maxConcurrency(2).build());
		pool.start();
		String name = pool.submit((ctx) -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
		assertThat(name).matches("app-task-\\d+");
		assertThat(pool.spec().toBuilder().build()).isEqualTo(pool.spec());
	}

}
