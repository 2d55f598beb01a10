package io.github.managedworkers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class WorkerBodyTests extends ThreadModeContract {

	@Test
	void aLoopBodyRunsOnceUntilStoppingAndStopsWithoutBeingInterrupted() {
		AtomicInteger rounds = new AtomicInteger();
		AtomicInteger bodyRuns = new AtomicInteger();
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("looper").build(), (ctx) -> {
			bodyRuns.incrementAndGet();
			while (!ctx.isStopping()) {
				rounds.incrementAndGet();
				ctx.sleep(Duration.ofMillis(1));
			}
		});
		this.registry.start();
		await().atMost(LONG).until(() -> rounds.get() >= 3);
		assertThat(worker.state()).isEqualTo(WorkerState.RUNNING);
		DrainReport report = worker.stop();
		assertThat(report.isClean()).isTrue();
		assertThat(report.finished()).isEqualTo(1);
		assertThat(bodyRuns).hasValue(1);
		assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
		assertThat(worker.activeTasks()).isZero();
	}

	@Test
	void aPeriodicBodyRunsAgainAfterItsDelay() {
		AtomicInteger runs = new AtomicInteger();
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("ticker").every("1ms").build(),
				(ctx) -> runs.incrementAndGet());
		worker.start();
		await().atMost(LONG).until(() -> runs.get() >= 5);
		assertThat(worker.snapshot().completed()).isGreaterThanOrEqualTo(5);
		assertThat(worker.snapshot().restarts()).isZero();
	}

	@Test
	void aPeriodicWorkerWaitingTenSecondsStopsAtOnceRatherThanWaitingItOut() {
		CountDownLatch ranOnce = new CountDownLatch(1);
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("slow-ticker").every("10s").build(),
				(ctx) -> ranOnce.countDown());
		worker.start();
		await().atMost(LONG).until(() -> ranOnce.getCount() == 0 && worker.activeTasks() == 0);
		DrainReport report = worker.stop(Duration.ofSeconds(5));
		// Had the wait not woken on the signal, the 5 s drain timeout would have passed and the report would not be
		// clean.
		assertThat(report.isClean()).isTrue();
		assertThat(report.elapsed()).isLessThan(Duration.ofSeconds(5));
		assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
	}

	@Test
	void anInitialDelayIsCutShortByStop() {
		AtomicBoolean ran = new AtomicBoolean();
		WorkerHandle worker = this.registry
			.register(WorkerSpec.builder("delayed").initialDelay(Duration.ofHours(1)).build(), (ctx) -> ran.set(true));
		worker.start();
		DrainReport report = worker.stop(Duration.ofSeconds(5));
		assertThat(report.isClean()).isTrue();
		assertThat(ran).isFalse();
	}

	@Test
	void sleepReturnsFalseWhenAStopWakesItAndTrueWhenTheWholeTimePassed() throws Exception {
		CompletableFuture<Boolean> shortSleep = new CompletableFuture<>();
		CompletableFuture<Boolean> longSleep = new CompletableFuture<>();
		CountDownLatch sleeping = new CountDownLatch(1);
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("sleeper").build(), (ctx) -> {
			shortSleep.complete(ctx.sleep(Duration.ofMillis(1)));
			sleeping.countDown();
			longSleep.complete(ctx.sleep(Duration.ofHours(1)));
		});
		worker.start();
		assertThat(sleeping.await(1, TimeUnit.MINUTES)).isTrue();
		worker.stop();
		assertThat(shortSleep.get(1, TimeUnit.MINUTES)).isTrue();
		assertThat(longSleep.get(1, TimeUnit.MINUTES)).isFalse();
	}

	@Test
	void sleepKeepsTheInterruptFlagAndReturnsFalse() throws Exception {
		WorkerHandle pool = pool("pool", 1, Duration.ZERO);
		CompletableFuture<List<Boolean>> result = pool.submit((ctx) -> {
			Thread.currentThread().interrupt();
			boolean slept = ctx.sleep(Duration.ofHours(1));
			return List.of(slept, Thread.currentThread().isInterrupted());
		});
		assertThat(result.get(1, TimeUnit.MINUTES)).containsExactly(false, true);
	}

	@Test
	void sleepRejectsANegativeDuration() throws Exception {
		WorkerHandle pool = pool("pool", 1, Duration.ZERO);
		CompletableFuture<Boolean> result = pool.submit((ctx) -> ctx.sleep(Duration.ofSeconds(-1)));
		await().atMost(LONG).until(result::isDone);
		assertThat(result).isCompletedExceptionally();
		assertThatIllegalArgumentException().isThrownBy(() -> {
			try {
				result.join(); // done already
			}
			catch (RuntimeException ex) {
				throw (RuntimeException) ex.getCause();
			}
		}).withMessageContaining("PT-1S").withMessageContaining("zero or more");
	}

	@Test
	void onStopCallbacksRunWhenTheStopComesAndLetABlockedTaskExit() throws Exception {
		CountDownLatch blocked = new CountDownLatch(1);
		AtomicReference<String> stoppedBy = new AtomicReference<>();
		WorkerHandle pool = pool("pool", 1, Duration.ZERO);
		CompletableFuture<String> task = pool.submit((ctx) -> {
			CountDownLatch socket = new CountDownLatch(1); // stands for a blocking read
			ctx.onStop(() -> {
				stoppedBy.set(Thread.currentThread().getName());
				socket.countDown();
			});
			blocked.countDown();
			assertThat(socket.await(1, TimeUnit.MINUTES)).isTrue();
			return "closed";
		});
		assertThat(blocked.await(1, TimeUnit.MINUTES)).isTrue();
		DrainReport report = pool.stop();
		assertThat(task.get(1, TimeUnit.MINUTES)).isEqualTo("closed");
		assertThat(report.isClean()).isTrue();
		assertThat(stoppedBy.get()).isEqualTo(Thread.currentThread().getName());
	}

	@Test
	void anOnStopCallbackRegisteredAfterTheStopRunsAtOnce() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch registered = new CountDownLatch(1);
		List<String> events = new CopyOnWriteArrayList<>();
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("late").build(), (ctx) -> {
			running.countDown();
			while (!ctx.isStopping()) {
				ctx.sleep(LONG);
			}
			ctx.onStop(() -> events.add("callback"));
			events.add("after onStop");
			registered.countDown();
		});
		worker.start();
		assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
		worker.stop();
		assertThat(registered.getCount()).isZero();
		assertThat(events).containsExactly("callback", "after onStop");
	}

	@Test
	void theCallbacksOfATaskThatEndedAreDroppedUnrun() throws Exception {
		AtomicInteger callbackRuns = new AtomicInteger();
		WorkerHandle pool = pool("pool", 4, Duration.ZERO);
		for (int i = 0; i < 3; i++) {
			pool.submit((ctx) -> {
				ctx.onStop(callbackRuns::incrementAndGet);
				return null;
			}).get(1, TimeUnit.MINUTES);
		}
		pool.stop();
		assertThat(callbackRuns).hasValue(0);
	}

	@Test
	void aFailingCallbackDoesNotStopTheOthers() throws Exception {
		CountDownLatch ready = new CountDownLatch(1);
		AtomicBoolean secondRan = new AtomicBoolean();
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("callbacks").build(), (ctx) -> {
			ctx.onStop(() -> {
				throw new IllegalStateException("broken callback");
			});
			ctx.onStop(() -> secondRan.set(true));
			ready.countDown();
			while (!ctx.isStopping()) {
				ctx.sleep(LONG);
			}
		});
		worker.start();
		assertThat(ready.await(1, TimeUnit.MINUTES)).isTrue();
		assertThat(worker.stop().isClean()).isTrue();
		assertThat(secondRan).isTrue();
	}

	@Test
	void theContextNamesItsWorker() throws Exception {
		WorkerHandle pool = pool("named-pool", 1, Duration.ZERO);
		assertThat(pool.submit(WorkerContext::workerName).get(1, TimeUnit.MINUTES)).isEqualTo("named-pool");
	}

}
