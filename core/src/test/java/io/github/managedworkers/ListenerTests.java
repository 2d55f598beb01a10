package io.github.managedworkers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ListenerTests extends ThreadModeContract {

	private final List<String> events = new CopyOnWriteArrayList<>();

	@Override
	WorkerRegistry.Builder registryBuilder() {
		return super.registryBuilder().interruptGrace(Duration.ofMillis(50)).listener(new WorkerListener() {

			@Override
			public void workerRegistered(WorkerHandle worker) {
				record("registered " + worker.name());
			}

			@Override
			public void stateChanged(WorkerHandle worker, WorkerState from, WorkerState to) {
				record(worker.name() + " " + from + "->" + to);
			}

			@Override
			public void taskStarted(WorkerHandle worker, TaskKind kind) {
				record("started " + kind);
			}

			@Override
			public void taskFinished(WorkerHandle worker, TaskKind kind, TaskOutcome outcome, long durationNanos,
					Throwable failure) {
				record("finished " + kind + " " + outcome + ((durationNanos >= 0) ? "" : " negative duration")
						+ ((failure != null) ? " " + failure.getMessage() : ""));
			}

			@Override
			public void taskRejected(WorkerHandle worker, RejectedTaskException rejection) {
				record("rejected " + rejection.reason());
			}

			@Override
			public void abandoned(WorkerHandle worker, TaskSnapshot task) {
				record("abandoned #" + task.id() + " with " + (task.stack().isEmpty() ? "no stack" : "its stack"));
			}

		}).listener(new WorkerListener() {
			@Override
			public void taskStarted(WorkerHandle worker, TaskKind kind) {
				throw new IllegalStateException("a broken listener");
			}
		});
	}

	private void record(String event) {
		this.events.add(event);
	}

	@Test
	void listenersHearEachTaskStartAndEndWithItsOutcomeAndABrokenListenerHarmsNothing() throws Exception {
		WorkerHandle pool = pool("heard", 1, Duration.ZERO);
		assertThat(pool.submit((ctx) -> "ok").get(1, TimeUnit.MINUTES)).isEqualTo("ok");
		CompletableFuture<Object> failing = pool.submit((ctx) -> {
			throw new IllegalStateException("boom");
		});
		await().atMost(LONG).until(failing::isDone);
		await().atMost(LONG).until(() -> this.events.size() >= 6);
		assertThat(this.events).containsExactly("registered heard", "heard NEW->RUNNING", "started TASK",
				"finished TASK COMPLETED", "started TASK", "finished TASK FAILED boom");
	}

	@Test
	void listenersHearRejectionsAndAbandonedTasks() throws Exception {
		WorkerHandle pool = pool("deaf", 1, Duration.ZERO);
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		pool.submit((ctx) -> {
			running.countDown();
			while (release.getCount() > 0) {
				try {
					assertThat(release.await(1, TimeUnit.MINUTES)).isTrue();
				}
				catch (InterruptedException ex) {
					// ignored on purpose
				}
			}
			return null;
		});
		assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
		pool.submit((ctx) -> null);
		DrainReport report = pool.stop(Duration.ofMillis(10));
		long id = report.abandoned().get(0).id();
		assertThat(this.events).contains("rejected FULL", "abandoned #" + id + " with its stack", "deaf RUNNING->STOPPING",
				"deaf STOPPING->STOPPED");
		release.countDown();
		await().atMost(LONG).until(() -> pool.activeTasks() == 0);
	}

}
