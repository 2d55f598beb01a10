package io.github.managedworkers;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.github.managedworkers.BulkheadTests.ConcurrencyProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Schedules, and what an operator does to a scheduled worker: pause, resume, trigger.
 */
class ScheduleControlTests extends ThreadModeContract {

	@Test
	void aFixedRateBodyThatOverrunsItsPeriodNeverOverlapsItself() {
		ConcurrencyProbe probe = new ConcurrencyProbe();
		AtomicInteger runs = new AtomicInteger();
		WorkerHandle worker = this.registry.register(
				WorkerSpec.builder("rate").schedule(Schedule.fixedRate(Duration.ofMillis(1))).build(),
				(ctx) -> probe.during(() -> {
					runs.incrementAndGet();
					return ctx.sleep(Duration.ofMillis(5)); // five periods long
				}));
		worker.start();
		await().atMost(LONG).until(() -> runs.get() >= 5);
		assertThat(probe.max()).isEqualTo(1);
		assertThat(worker.snapshot().schedule()).isEqualTo("rate 1ms");
	}

	@Test
	void aScheduleThatEndsAfterAFailedRunStopsTheWorkerInsteadOfRetrying() {
		AtomicInteger runs = new AtomicInteger();
		Instant at = Instant.now();
		Schedule once = new Schedule() {

			@Override
			public Instant nextRun(Instant lastScheduled, Instant lastEnded, Instant now) {
				return (lastScheduled == null) ? at : null;
			}

			@Override
			public String describe() {
				return "once";
			}

		};
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("once")
			.schedule(once)
			.restartBackoff(Duration.ofMillis(1), Duration.ofMillis(1))
			.build(), (ctx) -> {
				runs.incrementAndGet();
				throw new IllegalStateException("fails");
			});
		worker.start();
		await().atMost(LONG).until(() -> worker.state() == WorkerState.STOPPED);
		assertThat(runs).hasValue(1);
		assertThat(worker.snapshot().failed()).isEqualTo(1);
	}

	@Test
	void aPausedWorkerSkipsItsRunsButTakesTasksAndResumes() throws Exception {
		AtomicInteger runs = new AtomicInteger();
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("ticker").every("1ms").build(),
				(ctx) -> runs.incrementAndGet());
		worker.start();
		await().atMost(LONG).until(() -> runs.get() >= 2);
		worker.pause();
		assertThat(worker.state()).isEqualTo(WorkerState.PAUSED);
		await().atMost(LONG).until(() -> worker.activeTasks() == 0);
		int afterPause = runs.get();
		assertThat(worker.submit((ctx) -> "still served")).succeedsWithin(LONG).isEqualTo("still served");
		// Fifty periods pass; no run starts while paused (a run in progress at pause() may still end above).
		await().during(Duration.ofMillis(50)).atMost(LONG).until(() -> runs.get() <= afterPause + 1);
		worker.resume();
		assertThat(worker.state()).isEqualTo(WorkerState.RUNNING);
		await().atMost(LONG).until(() -> runs.get() >= afterPause + 3);
	}

	@Test
	void aTriggerRunsTheBodyNowAndOnceMoreAfterARunInProgress() throws Exception {
		AtomicInteger runs = new AtomicInteger();
		ConcurrencyProbe probe = new ConcurrencyProbe();
		CountDownLatch inSecondRun = new CountDownLatch(1);
		CountDownLatch releaseSecondRun = new CountDownLatch(1);
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("hourly").every("1h").build(),
				(ctx) -> probe.during(() -> {
					if (runs.incrementAndGet() == 2) {
						inSecondRun.countDown();
						releaseSecondRun.await(1, TimeUnit.MINUTES);
					}
					return null;
				}));
		worker.start();
		await().atMost(LONG).until(() -> runs.get() == 1 && worker.activeTasks() == 0);
		assertThat(worker.snapshot().nextRun()).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
		worker.trigger();
		assertThat(inSecondRun.await(1, TimeUnit.MINUTES)).isTrue();
		worker.trigger(); // during the second run: a third follows it, not beside it
		worker.trigger(); // counted once with the one before
		releaseSecondRun.countDown();
		await().atMost(LONG).until(() -> runs.get() == 3 && worker.activeTasks() == 0);
		assertThat(probe.max()).isEqualTo(1);
		RunRecord last = worker.snapshot().lastRun();
		assertThat(last).isNotNull();
		assertThat(last.outcome()).isEqualTo(TaskOutcome.COMPLETED);
		assertThat(last.endedAt()).isAfterOrEqualTo(last.startedAt());
		await().during(Duration.ofMillis(50)).atMost(LONG).until(() -> runs.get() == 3);
	}

	@Test
	void pauseAndTriggerNeedASchedule() {
		WorkerHandle loop = this.registry.register(WorkerSpec.builder("loop").build(), (ctx) -> ctx.sleep(LONG));
		loop.start();
		assertThatIllegalStateException().isThrownBy(loop::pause).withMessageContaining("'loop' has no schedule");
		assertThatIllegalStateException().isThrownBy(loop::trigger).withMessageContaining("'loop' has no schedule");
	}

	@Test
	void everyAndAScheduleTogetherAreAClearError() {
		assertThatThrownBy(() -> WorkerSpec.builder("both")
			.every("1s")
			.schedule(Schedule.fixedRate(Duration.ofSeconds(1)))
			.build()).isInstanceOf(InvalidWorkerSpecException.class)
			.hasMessageContaining("'both'")
			.hasMessageContaining("rate 1s");
	}

	@Test
	void theCurrentContextIsTheRunningTasksAndEmptyElsewhere() throws Exception {
		WorkerHandle pool = pool("pool", 2, LONG);
		CompletableFuture<String> seen = pool
			.submit((ctx) -> WorkerContext.current().map((current) -> (current == ctx) + " " + current.workerName())
				.orElse("none"));
		assertThat(seen).succeedsWithin(LONG).isEqualTo("true pool");
		assertThat(WorkerContext.current()).isEmpty();
	}

	@Test
	void eachTaskAndBodyRunSeesItselfAsCurrentOnEveryThreadItRunsOn() throws Exception {
		WorkerHandle pool = pool("pool", 1, LONG);
		for (int i = 0; i < 20; i++) {
			// One at a time: on platform threads they take turns on the same pooled threads.
			assertThat(pool.submit((ctx) -> WorkerContext.current().orElseThrow() == ctx)).succeedsWithin(LONG)
				.isEqualTo(true);
		}
		CompletableFuture<Boolean> bodySawItself = new CompletableFuture<>();
		this.registry.register(WorkerSpec.builder("loop").build(), (ctx) -> {
			bodySawItself.complete(WorkerContext.current().orElseThrow() == ctx);
			ctx.sleep(LONG);
		}).start();
		assertThat(bodySawItself).succeedsWithin(LONG).isEqualTo(true);
	}

	@Test
	void aStopTellsItsCause() throws Exception {
		WorkerHandle pool = pool("pool", 4, LONG);
		CountDownLatch sleeping = new CountDownLatch(1);
		CompletableFuture<Object> operatorStopped = pool.submit((ctx) -> {
			sleeping.countDown();
			ctx.sleep(LONG);
			return ctx.stopCause().orElseThrow();
		});
		assertThat(sleeping.await(1, TimeUnit.MINUTES)).isTrue();
		pool.stop();
		assertThat(operatorStopped).succeedsWithin(LONG).isEqualTo(StopCause.OPERATOR);
		pool.start();
		CompletableFuture<Object> groupFailed;
		try (TaskGroup<Object> group = pool.group()) {
			CountDownLatch asleep = new CountDownLatch(1);
			groupFailed = group.submit((ctx) -> {
				asleep.countDown();
				ctx.sleep(LONG);
				return ctx.stopCause().orElseThrow();
			});
			assertThat(asleep.await(1, TimeUnit.MINUTES)).isTrue();
			group.submit((ctx) -> {
				throw new IllegalStateException("sibling fails");
			});
			// Before the group closes, which would stop it with GROUP_CLOSED.
			assertThat(groupFailed).succeedsWithin(LONG).isEqualTo(StopCause.GROUP_FAILED);
		}
		CountDownLatch draining = new CountDownLatch(1);
		CompletableFuture<Object> drained = pool.submit((ctx) -> {
			draining.countDown();
			ctx.sleep(LONG);
			return ctx.stopCause().orElseThrow();
		});
		assertThat(draining.await(1, TimeUnit.MINUTES)).isTrue();
		this.registry.drain();
		assertThat(drained).succeedsWithin(LONG).isEqualTo(StopCause.DRAIN);
	}

}
