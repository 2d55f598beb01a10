package io.github.managedworkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.managedworkers.test.LeakOption;
import io.github.managedworkers.test.LiveThread;
import io.github.managedworkers.test.ThreadLeakError;
import io.github.managedworkers.test.ThreadLeaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * managed-workers-test's leak check against real workers: it must see a task that no drain could stop, on platform
 * and virtual threads, and nothing once a registry drained cleanly.
 */
class LeakCheckTests extends ThreadModeContract {

	@Test
	void aTaskThatIgnoresItsStopSignalIsReportedAsALeakedWorkerTaskWithItsStack() throws Exception {
		LeakOption before = LeakOption.ignoreCurrentThreads();
		WorkerRegistry quick = registryBuilder().interruptGrace(Duration.ofMillis(50)).build();
		CountDownLatch release = new CountDownLatch(1);
		try {
			WorkerHandle pool = quick.register(WorkerSpec.builder("deaf").build());
			pool.start();
			CountDownLatch started = new CountDownLatch(1);
			pool.submit((ctx) -> {
				started.countDown();
				ignoreStopAndInterrupts(release);
				return null;
			});
			assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
			DrainReport report = pool.stop(Duration.ofMillis(50));
			assertThat(report.abandoned()).hasSize(1);
			ThreadLeakError error = catchThrowableOfType(ThreadLeakError.class,
					() -> ThreadLeaks.verifyNone(before, LeakOption.maxWait(Duration.ofMillis(100))));
			assertThat(error.leaks()).singleElement().satisfies((leak) -> {
				assertThat(leak.name()).isEqualTo(report.abandoned().get(0).thread());
				assertThat(leak.isWorkerTask()).isTrue();
				assertThat(leak.virtual()).isEqualTo(this.threads == ThreadMode.VIRTUAL);
				assertThat(leak.hasFrame(LeakCheckTests.class.getName() + ".ignoreStopAndInterrupts")).isTrue();
			});
			assertThat(error).hasMessageContaining("a task of managed worker 'deaf' that did not stop")
				.hasMessageContaining("io.github.managedworkers.LeakCheckTests.ignoreStopAndInterrupts(");
			release.countDown();
			await().atMost(LONG).until(() -> pool.activeTasks() == 0);
		}
		finally {
			release.countDown();
			quick.close();
		}
	}

	@Test
	void aRegistryThatDrainedCleanlyLeavesNoThreadBehind() throws Exception {
		LeakOption before = LeakOption.ignoreCurrentThreads();
		CountDownLatch looping = new CountDownLatch(1);
		this.registry.register(WorkerSpec.builder("loop").build(), (ctx) -> {
			looping.countDown();
			while (!ctx.isStopping()) {
				ctx.sleep(LONG);
			}
		});
		WorkerHandle pool = this.registry.register(WorkerSpec.builder("pool").maxConcurrency(4).build());
		this.registry.start();
		List<CompletableFuture<Integer>> tasks = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			int n = i;
			tasks.add(pool.submit((ctx) -> n));
		}
		assertThat(looping.await(1, TimeUnit.MINUTES)).isTrue();
		for (CompletableFuture<Integer> task : tasks) {
			task.get(1, TimeUnit.MINUTES);
		}
		assertThat(this.registry.drain().isClean()).isTrue();
		assertThatNoException().isThrownBy(() -> ThreadLeaks.verifyNone(before));
	}

	@Test
	void everyBodyAndTaskThreadOfAWorkerIsRecognisedAsAWorkerTask() throws Exception {
		LeakOption before = LeakOption.ignoreCurrentThreads();
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch running = new CountDownLatch(2);
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("seen").build(), (ctx) -> {
			running.countDown();
			while (!ctx.isStopping()) {
				ctx.sleep(LONG);
			}
		});
		worker.start();
		CompletableFuture<Boolean> task = worker.submit((ctx) -> {
			running.countDown();
			return release.await(1, TimeUnit.MINUTES);
		});
		try {
			assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
			ThreadLeakError error = catchThrowableOfType(ThreadLeakError.class,
					() -> ThreadLeaks.verifyNone(before, LeakOption.maxWait(Duration.ofMillis(50))));
			assertThat(error.leaks()).hasSize(2).allSatisfy((leak) -> {
				assertThat(leak.isWorkerTask()).isTrue();
				assertThat(leak.hasFrame(LiveThread.WORKER_TASK_CLASS)).isTrue();
			});
		}
		finally {
			release.countDown();
		}
		assertThat(task).succeedsWithin(LONG);
	}

	/** Blocks until released, whatever stop signal or interrupts come: a task that no drain can end. */
	private static void ignoreStopAndInterrupts(CountDownLatch release) {
		while (true) {
			try {
				assertThat(release.await(1, TimeUnit.MINUTES)).isTrue();
				return;
			}
			catch (InterruptedException ex) {
				// ignored on purpose
			}
		}
	}

}
