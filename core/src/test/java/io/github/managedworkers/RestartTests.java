package io.github.managedworkers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RestartTests extends ThreadModeContract {

	private final List<Duration> backoffs = new CopyOnWriteArrayList<>();

	@Override
	WorkerRegistry.Builder registryBuilder() {
		return super.registryBuilder().listener(new WorkerListener() {
			@Override
			public void restarted(WorkerHandle worker, Throwable cause, Duration backoff) {
				RestartTests.this.backoffs.add(backoff);
			}
		});
	}

	@Test
	void aFailingBodyIsRestartedWithExponentialBackoffThenFailsWhenRestartsExceedTheIntensity() {
		AtomicInteger runs = new AtomicInteger();
		WorkerSpec spec = WorkerSpec.builder("flaky")
			.restartBackoff(Duration.ofMillis(1), Duration.ofMillis(4))
			.restartIntensity(4, Duration.ofMinutes(1))
			.build();
		WorkerHandle worker = this.registry.register(spec, (ctx) -> {
			throw new IllegalStateException("run " + runs.incrementAndGet() + " failed");
		});
		worker.start();
		await().atMost(LONG).until(() -> worker.state() == WorkerState.FAILED);
		assertThat(runs).hasValue(5);
		assertThat(this.backoffs).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4),
				Duration.ofMillis(4));
		WorkerSnapshot snapshot = worker.snapshot();
		assertThat(snapshot.restarts()).isEqualTo(4);
		assertThat(snapshot.failed()).isEqualTo(5);
		assertThat(snapshot.lastFailure()).isNotNull().satisfies((failure) -> {
			assertThat(failure.type()).isEqualTo(IllegalStateException.class.getName());
			assertThat(failure.message()).isEqualTo("run 5 failed");
			assertThat(failure.kind()).isEqualTo(TaskKind.BODY);
		});
		assertThat(snapshot.activeTasks()).isZero();
	}

	@Test
	void aFailedWorkerRejectsWorkUntilItIsStartedAgain() throws Exception {
		AtomicInteger runs = new AtomicInteger();
		WorkerHandle worker = this.registry.register(
				WorkerSpec.builder("fragile").restart(RestartPolicy.NEVER).maxWait(Duration.ZERO).build(), (ctx) -> {
					if (runs.incrementAndGet() == 1) {
						throw new IllegalStateException("first run fails");
					}
					while (!ctx.isStopping()) {
						ctx.sleep(LONG);
					}
				});
		worker.start();
		await().atMost(LONG).until(() -> worker.state() == WorkerState.FAILED);
		assertThat(worker.snapshot().restarts()).isZero();
		assertThat(worker.submit((ctx) -> 1)).isCompletedExceptionally();
		worker.start();
		assertThat(worker.state()).isEqualTo(WorkerState.RUNNING);
		assertThat(worker.submit((ctx) -> 1).get(1, TimeUnit.MINUTES)).isEqualTo(1);
		await().atMost(LONG).until(() -> runs.get() == 2);
		assertThat(worker.stop().isClean()).isTrue();
	}

	@Test
	void alwaysRestartsALoopBodyThatReturns() {
		AtomicInteger runs = new AtomicInteger();
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("always")
			.restart(RestartPolicy.ALWAYS)
			.restartBackoff(Duration.ofMillis(1), Duration.ofMillis(1))
			.restartIntensity(1000, Duration.ofMinutes(1))
			.build(), (ctx) -> runs.incrementAndGet());
		worker.start();
		await().atMost(LONG).until(() -> runs.get() >= 3);
		assertThat(worker.snapshot().failed()).isZero();
		assertThat(worker.snapshot().restarts()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void onFailureLetsALoopBodyThatReturnsStopTheWorker() {
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("one-shot").build(), (ctx) -> {
		});
		worker.start();
		await().atMost(LONG).until(() -> worker.state() == WorkerState.STOPPED);
		assertThat(worker.snapshot().completed()).isEqualTo(1);
		assertThat(worker.snapshot().restarts()).isZero();
	}

	@Test
	void aPeriodicBodyThatFailsIsRetriedWithBackoffAndItsSuccessResetsTheBackoff() {
		AtomicInteger runs = new AtomicInteger();
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("periodic")
			.every("1ms")
			.restartBackoff(Duration.ofMillis(1), Duration.ofMillis(8))
			.build(), (ctx) -> {
				int run = runs.incrementAndGet();
				if (run <= 2 || run == 4) {
					throw new IllegalStateException("run " + run);
				}
			});
		worker.start();
		await().atMost(LONG).until(() -> runs.get() >= 6);
		assertThat(this.backoffs).startsWith(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(1));
		assertThat(worker.state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void aStopDuringTheBackoffEndsTheWaitAtOnce() {
		AtomicInteger runs = new AtomicInteger();
		WorkerHandle worker = this.registry.register(
				WorkerSpec.builder("backing-off").restartBackoff(Duration.ofHours(1), Duration.ofHours(1)).build(),
				(ctx) -> {
					runs.incrementAndGet();
					throw new IllegalStateException("fails once, then waits an hour");
				});
		worker.start();
		await().atMost(LONG).until(() -> worker.snapshot().restarts() == 1);
		DrainReport report = worker.stop(Duration.ofSeconds(5));
		assertThat(report.isClean()).isTrue();
		assertThat(runs).hasValue(1);
	}

}
