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

class DrainTests extends ThreadModeContract {

	@Test
	void tasksInFlightFinishDuringTheDrainWhileNewWorkIsRejected() throws Exception {
		WorkerHandle pool = pool("pool", 4, Duration.ZERO);
		CountDownLatch started = new CountDownLatch(4);
		CountDownLatch finishWork = new CountDownLatch(1);
		List<CompletableFuture<Integer>> inFlight = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			int n = i;
			inFlight.add(pool.submit((ctx) -> {
				started.countDown();
				assertThat(finishWork.await(1, TimeUnit.MINUTES)).isTrue(); // in-flight work that ignores the signal but ends by itself
				return n;
			}));
		}
		assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
		WorkerHandle drainer = pool("drainer", 1, Duration.ZERO);
		CompletableFuture<DrainReport> drain = drainer.submit((ctx) -> pool.stop(LONG));
		await().atMost(LONG).until(() -> pool.state() == WorkerState.STOPPING);
		CompletableFuture<Integer> late = pool.submit((ctx) -> 99);
		assertThatThrownBy(late::get).cause()
			.isInstanceOfSatisfying(RejectedTaskException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(RejectedTaskException.Reason.STOPPING))
			.hasMessageContaining("it is stopping");
		finishWork.countDown();
		DrainReport report = drain.get(1, TimeUnit.MINUTES);
		assertThat(report.finished()).isEqualTo(4);
		assertThat(report.isClean()).isTrue();
		for (int i = 0; i < 4; i++) {
			assertThat(inFlight.get(i).get(1, TimeUnit.MINUTES)).isEqualTo(i);
		}
		assertThat(pool.state()).isEqualTo(WorkerState.STOPPED);
	}

	@Test
	void aTaskThatIgnoresTheStopSignalIsInterruptedAfterTheTimeout() throws Exception {
		WorkerHandle pool = pool("stubborn", 1, Duration.ZERO);
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<Object> task = pool.submit((ctx) -> {
			started.countDown();
			new CountDownLatch(1).await(1, TimeUnit.MINUTES); // ignores ctx: only an interrupt ends it
			return null;
		});
		assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
		DrainReport report = pool.stop(Duration.ofMillis(50));
		assertThat(report.interrupted()).isEqualTo(1);
		assertThat(report.finished()).isZero();
		assertThat(report.abandoned()).isEmpty();
		assertThatThrownBy(task::get).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(InterruptedException.class);
		assertThat(pool.snapshot().interrupted()).isEqualTo(1);
		assertThat(pool.snapshot().failed()).isZero();
	}

	@Test
	void aTaskThatIgnoresEvenTheInterruptIsReportedAbandonedWithItsStack() throws Exception {
		WorkerRegistry quick = registryBuilder().interruptGrace(Duration.ofMillis(50)).build();
		try {
			WorkerHandle pool = quick.register(WorkerSpec.builder("deaf").build());
			pool.start();
			CountDownLatch started = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			CompletableFuture<Object> task = pool.submit((ctx) -> {
				started.countDown();
				ignoreInterrupts(release);
				return "finally";
			});
			assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
			DrainReport report = pool.stop(Duration.ofMillis(50));
			assertThat(report.abandoned()).singleElement().satisfies((abandoned) -> {
				assertThat(abandoned.worker()).isEqualTo("deaf");
				assertThat(abandoned.kind()).isEqualTo(TaskKind.TASK);
				assertThat(abandoned.thread()).isEqualTo("deaf-" + abandoned.id());
				assertThat(abandoned.stack()).anyMatch((frame) -> frame.getMethodName().equals("ignoreInterrupts"));
			});
			assertThat(report.isClean()).isFalse();
			assertThat(report.summary()).contains("1 abandoned");
			// Nobody waits forever on an abandoned task.
			assertThatThrownBy(task::get).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(AbandonedTaskException.class)
				.hasMessageContaining("abandoned by a drain");
			release.countDown();
			await().atMost(LONG).until(() -> pool.activeTasks() == 0);
		}
		finally {
			quick.close();
		}
	}

	@Test
	void theRegistryDrainsEveryWorkerAgainstOneDeadline() throws Exception {
		List<WorkerHandle> workers = new ArrayList<>();
		CountDownLatch running = new CountDownLatch(3);
		for (int i = 0; i < 3; i++) {
			workers.add(this.registry.register(WorkerSpec.builder("loop-" + i).build(), (ctx) -> {
				running.countDown();
				while (!ctx.isStopping()) {
					ctx.sleep(LONG);
				}
			}));
		}
		this.registry.start();
		assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
		DrainReport report = this.registry.drain();
		assertThat(report.workers()).containsExactlyInAnyOrder("loop-0", "loop-1", "loop-2");
		assertThat(report.finished()).isEqualTo(3);
		assertThat(report.isClean()).isTrue();
		assertThat(workers).allSatisfy((worker) -> assertThat(worker.state()).isEqualTo(WorkerState.STOPPED));
		assertThat(this.registry.activeTasks()).isZero();
	}

	@Test
	void theSummaryOfADrainOfManyWorkersNamesTheFirstAndCountsTheRest() {
		for (int i = 0; i < 25; i++) {
			this.registry.register(WorkerSpec.builder("pool-" + i).build());
		}
		this.registry.start();
		DrainReport report = this.registry.drain();
		assertThat(report.workers()).hasSize(25);
		assertThat(report.summary()).startsWith("Drained 25 workers [pool-0, pool-1, ")
			.contains("pool-19 and 5 more] in ")
			.doesNotContain("pool-20");
	}

	@Test
	void drainingTwiceAndStoppingAnUnstartedWorkerAreSafe() {
		WorkerHandle unstarted = this.registry.register(WorkerSpec.builder("never-started").build());
		assertThat(unstarted.stop().isClean()).isTrue();
		assertThat(unstarted.state()).isEqualTo(WorkerState.STOPPED);
		pool("pool", 1, Duration.ZERO);
		DrainReport first = this.registry.drain();
		DrainReport second = this.registry.drain();
		assertThat(first.isClean()).isTrue();
		assertThat(second.isClean()).isTrue();
		assertThat(second.finished()).isZero();
	}

	@Test
	void aStoppedWorkerStartsAfreshAndRunsItsBodyAgain() {
		CountDownLatch[] runs = { new CountDownLatch(1), new CountDownLatch(1) };
		int[] round = { 0 };
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("again").build(), (ctx) -> {
			runs[round[0]++].countDown();
			while (!ctx.isStopping()) {
				ctx.sleep(LONG);
			}
		});
		worker.start();
		await().atMost(LONG).until(() -> runs[0].getCount() == 0);
		worker.stop();
		worker.start();
		await().atMost(LONG).until(() -> runs[1].getCount() == 0);
		assertThat(worker.state()).isEqualTo(WorkerState.RUNNING);
		assertThat(worker.stop().finished()).isEqualTo(1);
	}

	@Test
	void aClosedRegistryTakesNoNewWorkers() {
		this.registry.close();
		assertThatThrownBy(() -> this.registry.register(WorkerSpec.builder("late").build()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("closed")
			.hasMessageContaining("'late'");
	}

	/** Blocks until released, whatever interrupts come: a task that no drain can end. */
	static void ignoreInterrupts(CountDownLatch release) {
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
