package io.github.managedworkers;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.github.managedworkers.BulkheadTests.ConcurrencyProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TaskGroupTests extends ThreadModeContract {

	@Test
	void theFirstFailureStopsTheSiblingsAndJoinThrowsItWithTheLaterFailuresSuppressed() throws Exception {
		WorkerHandle pool = pool("pool", 64, Duration.ZERO);
		int siblings = 50;
		CountDownLatch asleep = new CountDownLatch(siblings);
		AtomicInteger callbacks = new AtomicInteger();
		List<Boolean> wokeByTheSignal = new CopyOnWriteArrayList<>();
		IllegalStateException boom = new IllegalStateException("boom");
		try (TaskGroup<String> group = pool.group()) {
			for (int i = 0; i < siblings; i++) {
				int n = i;
				group.submit((ctx) -> {
					ctx.onStop(callbacks::incrementAndGet);
					if (n % 2 == 0) {
						asleep.countDown();
						ctx.sleep(LONG);
					}
					else {
						blockedUntilStopCallback(ctx, asleep); // as a task reading a socket that onStop closes
					}
					wokeByTheSignal.add(ctx.isStopping() && !Thread.currentThread().isInterrupted());
					if (n == 0) {
						throw new IOException("sibling 0 lost its connection");
					}
					return "sibling " + n;
				});
			}
			assertThat(asleep.await(1, TimeUnit.MINUTES)).isTrue();
			group.submit((ctx) -> {
				throw boom;
			});
			// The interrupt grace is 5 s: a join that ends within 4 s shows that the siblings woke on the signal and
			// their callbacks, not on an interrupt.
			assertThatThrownBy(() -> group.join(Duration.ofSeconds(4)))
				.isInstanceOfSatisfying(TaskGroupException.class, (ex) -> {
					assertThat(ex.reason()).isEqualTo(TaskGroupException.Reason.FAILED);
					assertThat(ex.worker()).isEqualTo("pool");
					assertThat(ex.getCause()).isSameAs(boom);
					assertThat(ex.getSuppressed()).singleElement()
						.satisfies((later) -> assertThat(later).isInstanceOf(IOException.class)
							.hasMessage("sibling 0 lost its connection"));
					assertThat(ex).hasMessage("Task group of worker 'pool' failed: java.lang.IllegalStateException: "
							+ "boom; 1 more failure suppressed");
				});
			assertThat(group.isStopping()).isTrue();
		}
		assertThat(wokeByTheSignal).hasSize(siblings).containsOnly(true);
		assertThat(callbacks).hasValue(siblings);
		assertThat(pool.snapshot().failed()).isEqualTo(2);
		assertThat(pool.snapshot().interrupted()).isZero();
	}

	@Test
	void aSiblingThatIgnoresTheSignalIsInterruptedAfterTheGraceAndItsInterruptIsNoFailure() throws Exception {
		WorkerRegistry quick = registryBuilder().interruptGrace(Duration.ofMillis(50)).build();
		try {
			WorkerHandle pool = quick.register(WorkerSpec.builder("pool").build());
			pool.start();
			CountDownLatch deafRunning = new CountDownLatch(1);
			try (TaskGroup<Object> group = pool.group()) {
				CompletableFuture<Object> deaf = group.submit((ctx) -> {
					deafRunning.countDown();
					new CountDownLatch(1).await(1, TimeUnit.MINUTES); // ignores ctx: only an interrupt ends it
					return null;
				});
				assertThat(deafRunning.await(1, TimeUnit.MINUTES)).isTrue();
				group.submit((ctx) -> {
					throw new IllegalStateException("boom");
				});
				assertThatThrownBy(group::join).isInstanceOfSatisfying(TaskGroupException.class, (ex) -> {
					assertThat(ex.getCause()).hasMessage("boom");
					assertThat(ex.getSuppressed()).isEmpty();
				});
				assertThatThrownBy(deaf::get).isInstanceOf(ExecutionException.class)
					.hasCauseInstanceOf(InterruptedException.class);
			}
			assertThat(pool.snapshot().failed()).isEqualTo(1);
			assertThat(pool.snapshot().interrupted()).isEqualTo(1);
		}
		finally {
			quick.close();
		}
	}

	@Test
	void theGroupLimitIsNeverExceededUnderOverload() throws Exception {
		WorkerHandle pool = pool("pool", 16, LONG);
		WorkerHandle submitter = pool("submitter", 1, Duration.ZERO);
		ConcurrencyProbe probe = new ConcurrencyProbe();
		CountDownLatch gate = new CountDownLatch(1);
		try (TaskGroup<Integer> group = pool.group(3)) {
			CompletableFuture<Object> submitting = submitter.submit((ctx) -> {
				for (int i = 0; i < 60; i++) {
					int n = i;
					group.submit((c) -> probe.during(() -> {
						assertThat(gate.await(1, TimeUnit.MINUTES)).isTrue();
						return n;
					}));
				}
				return null;
			});
			// The submitter waits for a slot while the bulkhead has 13 permits free: the group's limit holds it.
			await().atMost(LONG).until(() -> probe.max() >= 3 && waits(submitter));
			assertThat(probe.max()).isEqualTo(3);
			assertThat(pool.snapshot().availablePermits()).isEqualTo(13);
			gate.countDown();
			submitting.get(1, TimeUnit.MINUTES);
			assertThat(group.join()).containsExactlyElementsOf(IntStream.range(0, 60).boxed().toList());
		}
		assertThat(probe.max()).isEqualTo(3);
		assertThat(pool.snapshot().rejected()).isZero();
	}

	@Test
	void joinReturnsTheResultsInSubmitOrderWhateverOrderTheTasksEndIn() throws Exception {
		WorkerHandle pool = pool("pool", 16, Duration.ZERO);
		int count = 10;
		CountDownLatch[] ended = new CountDownLatch[count + 1];
		for (int i = 0; i <= count; i++) {
			ended[i] = new CountDownLatch(1);
		}
		ended[count].countDown();
		try (TaskGroup<Integer> group = pool.group()) {
			for (int i = 0; i < count; i++) {
				int n = i;
				group.submit((ctx) -> {
					assertThat(ended[n + 1].await(1, TimeUnit.MINUTES)).isTrue(); // the last submitted ends first, the first last
					ended[n].countDown();
					return n;
				});
			}
			assertThat(group.join()).containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
		}
	}

	@Test
	void tasksMaySubmitMoreTasksToTheirGroupAndJoinWaitsForThoseToo() throws Exception {
		WorkerHandle pool = pool("pool", 16, LONG);
		try (TaskGroup<Integer> group = pool.group()) {
			group.submit(new Task<>() { // a binary tree four levels deep, each task submitting its two children

				@Override
				public Integer call(WorkerContext ctx) {
					return depth(0);
				}

				private Integer depth(int depth) {
					if (depth < 4) {
						group.submit((ctx) -> depth(depth + 1));
						group.submit((ctx) -> depth(depth + 1));
					}
					return depth;
				}

			});
			assertThat(group.join()).hasSize(31)
				.containsOnly(0, 1, 2, 3, 4)
				.filteredOn((depth) -> depth == 4)
				.hasSize(16);
		}
	}

	@Test
	void aTaskThatSubmitsWhileItsGroupClosesGetsARejection() throws Exception {
		WorkerHandle pool = pool("pool", 4, Duration.ZERO);
		CountDownLatch asleep = new CountDownLatch(1);
		CompletableFuture<Object> lateSubmitter;
		try (TaskGroup<Object> group = pool.group()) {
			lateSubmitter = group.submit((ctx) -> {
				asleep.countDown();
				ctx.sleep(LONG);
				return group.submit((c) -> "never").handle((result, ex) -> ex).get(1, TimeUnit.MINUTES);
			});
			assertThat(asleep.await(1, TimeUnit.MINUTES)).isTrue();
		}
		assertThat(lateSubmitter.get(1, TimeUnit.MINUTES)).isInstanceOfSatisfying(RejectedTaskException.class,
				(ex) -> assertThat(ex.reason()).isEqualTo(RejectedTaskException.Reason.GROUP_STOPPED));
	}

	@Test
	void closingWithoutJoinStopsWhatIsLeftAndWaitsForIt() throws Exception {
		WorkerHandle pool = pool("pool", 8, Duration.ZERO);
		CountDownLatch asleep = new CountDownLatch(3);
		AtomicInteger callbacks = new AtomicInteger();
		List<Boolean> wokeByTheSignal = new CopyOnWriteArrayList<>();
		List<CompletableFuture<String>> futures = new ArrayList<>();
		try (TaskGroup<String> group = pool.group()) {
			for (int i = 0; i < 3; i++) {
				int n = i;
				futures.add(group.submit((ctx) -> {
					ctx.onStop(callbacks::incrementAndGet);
					if (n == 0) {
						blockedUntilStopCallback(ctx, asleep);
					}
					else {
						asleep.countDown();
						ctx.sleep(LONG);
					}
					wokeByTheSignal.add(ctx.isStopping() && !Thread.currentThread().isInterrupted());
					return "done";
				}));
			}
			assertThat(asleep.await(1, TimeUnit.MINUTES)).isTrue();
		}
		assertThat(pool.activeTasks()).isZero();
		assertThat(futures).allSatisfy((future) -> assertThat(future).isCompletedWithValue("done"));
		assertThat(wokeByTheSignal).containsExactly(true, true, true);
		assertThat(callbacks).hasValue(3);
	}

	@Test
	void stoppingAGroupStopsTheGroupsOpenedInItsTasks() throws Exception {
		WorkerHandle pool = pool("pool", 16, Duration.ZERO);
		CountDownLatch innerAsleep = new CountDownLatch(2);
		List<Boolean> innerSawTheStop = new CopyOnWriteArrayList<>();
		try (TaskGroup<Object> outer = pool.group()) {
			outer.submit((ctx) -> {
				try (TaskGroup<Object> inner = ctx.group()) {
					inner.submit((c) -> {
						innerAsleep.countDown();
						c.sleep(LONG);
						innerSawTheStop.add(c.isStopping());
						return null;
					});
					inner.submit((c) -> {
						blockedUntilStopCallback(c, innerAsleep);
						innerSawTheStop.add(c.isStopping());
						return null;
					});
					return inner.join();
				}
			});
			assertThat(innerAsleep.await(1, TimeUnit.MINUTES)).isTrue();
			outer.submit((ctx) -> {
				throw new IllegalStateException("outer sibling failed");
			});
			// Within the 5 s interrupt grace: the stop, not an interrupt, reached the inner group's tasks.
			assertThatThrownBy(() -> outer.join(Duration.ofSeconds(4)))
				.isInstanceOfSatisfying(TaskGroupException.class, (ex) -> {
					assertThat(ex.reason()).isEqualTo(TaskGroupException.Reason.FAILED);
					assertThat(ex.getCause()).hasMessage("outer sibling failed");
					assertThat(ex.getSuppressed()).isEmpty();
				});
		}
		assertThat(innerSawTheStop).containsExactly(true, true);
		assertThat(pool.snapshot().interrupted()).isZero();
	}

	@Test
	void anInnerFailureStopsItsOwnGroupButNothingAboveIt() throws Exception {
		WorkerHandle pool = pool("pool", 16, Duration.ZERO);
		CountDownLatch innerDone = new CountDownLatch(1);
		try (TaskGroup<String> outer = pool.group()) {
			outer.submit((ctx) -> {
				assertThat(innerDone.await(1, TimeUnit.MINUTES)).isTrue();
				return ctx.isStopping() ? "outer sibling stopped" : "outer sibling went on";
			});
			outer.submit((ctx) -> {
				try (TaskGroup<String> inner = ctx.group()) {
					CountDownLatch innerSiblingAsleep = new CountDownLatch(1);
					CompletableFuture<String> innerSibling = inner.submit((c) -> {
						innerSiblingAsleep.countDown();
						c.sleep(LONG);
						return c.isStopping() ? "inner sibling stopped" : "inner sibling slept";
					});
					assertThat(innerSiblingAsleep.await(1, TimeUnit.MINUTES)).isTrue();
					inner.submit((c) -> {
						throw new IllegalArgumentException("inner failure");
					});
					try {
						inner.join();
						return "unreachable";
					}
					catch (TaskGroupException ex) {
						return ex.getCause().getMessage() + " handled; " + innerSibling.get(1, TimeUnit.MINUTES);
					}
				}
				finally {
					innerDone.countDown();
				}
			});
			assertThat(outer.join()).containsExactly("outer sibling went on",
					"inner failure handled; inner sibling stopped");
		}
	}

	@Test
	void anInnerFailureLeftUncaughtFailsTheOuterGroup() throws Exception {
		WorkerHandle pool = pool("pool", 16, Duration.ZERO);
		CountDownLatch outerSiblingAsleep = new CountDownLatch(1);
		try (TaskGroup<Object> outer = pool.group()) {
			CompletableFuture<Object> outerSibling = outer.submit((ctx) -> {
				outerSiblingAsleep.countDown();
				ctx.sleep(LONG);
				return ctx.isStopping();
			});
			assertThat(outerSiblingAsleep.await(1, TimeUnit.MINUTES)).isTrue();
			outer.submit((ctx) -> {
				try (TaskGroup<Object> inner = ctx.group()) {
					inner.submit((c) -> {
						throw new IllegalArgumentException("inner failure");
					});
					return inner.join();
				}
			});
			assertThatThrownBy(() -> outer.join(Duration.ofSeconds(4)))
				.isInstanceOfSatisfying(TaskGroupException.class, (ex) -> {
					assertThat(ex.getCause()).isInstanceOfSatisfying(TaskGroupException.class,
							(inner) -> assertThat(inner.getCause()).hasMessage("inner failure"));
					assertThat(ex.getSuppressed()).isEmpty();
				});
			assertThat(outerSibling).isCompletedWithValue(true);
		}
	}

	@Test
	void aWorkerDrainStopsTheGroupsOfItsBodyAndRunsTheirTasksCallbacks() throws Exception {
		CountDownLatch asleep = new CountDownLatch(3);
		AtomicInteger callbacks = new AtomicInteger();
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("fan-out").build(), (ctx) -> {
			try (TaskGroup<Object> group = ctx.group()) {
				for (int i = 0; i < 3; i++) {
					group.submit((c) -> {
						c.onStop(callbacks::incrementAndGet);
						asleep.countDown();
						while (!c.isStopping()) {
							c.sleep(LONG);
						}
						return null;
					});
				}
				group.join();
			}
		});
		worker.start();
		assertThat(asleep.await(1, TimeUnit.MINUTES)).isTrue();
		DrainReport report = worker.stop(Duration.ofSeconds(5));
		// Clean within 5 s while the tasks sleep for a minute: the worker's stop reached its group.
		assertThat(report.isClean()).isTrue();
		assertThat(report.finished()).isEqualTo(4);
		assertThat(callbacks).hasValue(3);
	}

	@Test
	void aWorkerDrainStopsTheGroupsOpenedOnItsHandle() throws Exception {
		WorkerHandle pool = pool("pool", 8, Duration.ZERO);
		CountDownLatch asleep = new CountDownLatch(3);
		try (TaskGroup<Boolean> group = pool.group()) {
			for (int i = 0; i < 3; i++) {
				group.submit((ctx) -> {
					asleep.countDown();
					ctx.sleep(LONG);
					return ctx.isStopping();
				});
			}
			assertThat(asleep.await(1, TimeUnit.MINUTES)).isTrue();
			assertThat(pool.stop(Duration.ofSeconds(5)).isClean()).isTrue();
			assertThat(group.join()).containsExactly(true, true, true);
		}
	}

	@Test
	void groupTasksAreTasksOfTheWorkerThroughItsBulkhead() throws Exception {
		WorkerHandle pool = pool("pool", 4, Duration.ZERO);
		CountDownLatch running = new CountDownLatch(3);
		CountDownLatch release = new CountDownLatch(1);
		try (TaskGroup<Object> group = pool.group()) {
			for (int i = 0; i < 3; i++) {
				group.submit((ctx) -> {
					running.countDown();
					return release.await(LONG.toMillis(), TimeUnit.MILLISECONDS);
				});
			}
			assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
			WorkerSnapshot snapshot = pool.snapshot(true);
			assertThat(snapshot.activeTasks()).isEqualTo(3);
			assertThat(snapshot.availablePermits()).isEqualTo(1);
			assertThat(snapshot.tasks()).hasSize(3).allSatisfy((task) -> {
				assertThat(task.kind()).isEqualTo(TaskKind.TASK);
				assertThat(task.thread()).isEqualTo("pool-" + task.id());
			});
			release.countDown();
			assertThat(group.join()).containsExactly(true, true, true);
		}
		assertThat(pool.snapshot().completed()).isEqualTo(3);
	}

	@Test
	void aRejectedSubmitFailsTheGroupAndLaterSubmitsAreRefused() throws Exception {
		WorkerHandle pool = pool("pool", 1, Duration.ZERO);
		CountDownLatch release = new CountDownLatch(1);
		try (TaskGroup<String> group = pool.group()) {
			group.submit((ctx) -> {
				assertThat(release.await(1, TimeUnit.MINUTES)).isTrue();
				return "first";
			});
			CompletableFuture<String> rejected = group.submit((ctx) -> "second"); // the one permit is busy
			assertThatThrownBy(rejected::get).cause()
				.isInstanceOfSatisfying(RejectedTaskException.class,
						(ex) -> assertThat(ex.reason()).isEqualTo(RejectedTaskException.Reason.FULL));
			assertThat(group.isStopping()).isTrue();
			CompletableFuture<String> refused = group.submit((ctx) -> "third");
			assertThatThrownBy(refused::get).cause()
				.isInstanceOfSatisfying(RejectedTaskException.class,
						(ex) -> assertThat(ex.reason()).isEqualTo(RejectedTaskException.Reason.GROUP_STOPPED))
				.hasMessageContaining("Worker 'pool' rejected a task: its task group has stopped");
			release.countDown();
			assertThatThrownBy(group::join).isInstanceOfSatisfying(TaskGroupException.class, (ex) -> {
				assertThat(ex.getCause()).isInstanceOf(RejectedTaskException.class).hasMessageContaining("busy");
				assertThat(ex.getSuppressed()).isEmpty(); // the refusal only echoes the stop
			});
		}
	}

	@Test
	void aSubmitWaitingForAGroupSlotWakesWhenTheGroupStops() throws Exception {
		WorkerHandle pool = pool("pool", 4, Duration.ZERO);
		WorkerHandle submitter = pool("submitter", 1, Duration.ZERO);
		CountDownLatch asleep = new CountDownLatch(1);
		CompletableFuture<CompletableFuture<String>> waiting;
		try (TaskGroup<String> group = pool.group(1)) {
			group.submit((ctx) -> {
				asleep.countDown();
				ctx.sleep(LONG);
				return "slept";
			});
			assertThat(asleep.await(1, TimeUnit.MINUTES)).isTrue();
			waiting = submitter.submit((ctx) -> group.submit((c) -> "never"));
			await().atMost(LONG).until(() -> waits(submitter));
		}
		assertThatThrownBy(() -> waiting.get(1, TimeUnit.MINUTES).get(1, TimeUnit.MINUTES)).cause()
			.isInstanceOfSatisfying(RejectedTaskException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(RejectedTaskException.Reason.GROUP_STOPPED));
	}

	@Test
	void trySubmitReturnsFalseWithoutWaitingWhenTheGroupOrTheWorkerIsFull() throws Exception {
		WorkerHandle pool = pool("pool", 2, LONG);
		CountDownLatch release = new CountDownLatch(1);
		try (TaskGroup<String> limited = pool.group(1); TaskGroup<String> unlimited = pool.group()) {
			assertThat(limited.trySubmit((ctx) -> {
				assertThat(release.await(1, TimeUnit.MINUTES)).isTrue();
				return "a";
			})).isTrue();
			assertThat(limited.trySubmit((ctx) -> "b")).isFalse(); // the group's one slot is taken
			assertThat(unlimited.trySubmit((ctx) -> {
				assertThat(release.await(1, TimeUnit.MINUTES)).isTrue();
				return "c";
			})).isTrue();
			long start = System.nanoTime();
			assertThat(unlimited.trySubmit((ctx) -> "d")).isFalse(); // both permits of the worker are taken
			// A submit would have waited the worker's maxWait, a minute, for a permit.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
			assertThat(pool.snapshot().rejected()).isZero();
			assertThat(limited.isStopping()).isFalse();
			release.countDown();
			assertThat(limited.join()).containsExactly("a");
			assertThat(unlimited.join()).containsExactly("c");
		}
	}

	@Test
	void onceATaskFutureIsCompleteItsGroupSlotAndWorkerPermitAreFree() throws Exception {
		WorkerHandle pool = pool("pool", 1, Duration.ZERO);
		for (int i = 0; i < 200; i++) {
			int n = i;
			try (TaskGroup<Integer> group = pool.group(1)) {
				assertThat(group.submit((ctx) -> n)).succeedsWithin(LONG);
				assertThat(group.trySubmit((ctx) -> n)).as("trySubmit right after task %d completed", n).isTrue();
				assertThat(group.join()).containsExactly(n, n);
			}
		}
		assertThat(pool.snapshot().rejected()).isZero();
	}

	@Test
	void aJoinWhoseTimeoutPassesStopsTheGroupAndCloseWaitsForItsTasks() throws Exception {
		WorkerHandle pool = pool("pool", 4, Duration.ZERO);
		CountDownLatch asleep = new CountDownLatch(2);
		List<Boolean> sawTheStop = new CopyOnWriteArrayList<>();
		try (TaskGroup<Object> group = pool.group()) {
			for (int i = 0; i < 2; i++) {
				group.submit((ctx) -> {
					asleep.countDown();
					ctx.sleep(LONG);
					sawTheStop.add(ctx.isStopping());
					return null;
				});
			}
			assertThat(asleep.await(1, TimeUnit.MINUTES)).isTrue();
			assertThatThrownBy(() -> group.join(Duration.ofMillis(50)))
				.isInstanceOfSatisfying(TaskGroupException.class, (ex) -> {
					assertThat(ex.reason()).isEqualTo(TaskGroupException.Reason.TIMED_OUT);
					assertThat(ex).hasMessage("Task group of worker 'pool' timed out after 50 ms with 2 of 2 tasks "
							+ "still running; the group was stopped");
				});
			assertThat(group.isStopping()).isTrue();
		}
		assertThat(sawTheStop).containsExactly(true, true);
		assertThat(pool.activeTasks()).isZero();
	}

	@Test
	void badInputIsRejectedWithAClearMessage() throws Exception {
		WorkerHandle pool = pool("pool", 2, Duration.ZERO);
		assertThatIllegalArgumentException().isThrownBy(() -> pool.group(0))
			.withMessage("Worker 'pool': invalid task group maxConcurrency '0'; allowed: an integer of 1 or more");
		assertThatIllegalArgumentException().isThrownBy(() -> pool.group(-3)).withMessageContaining("'-3'");
		TaskGroup<Integer> group = pool.group();
		assertThatNullPointerException().isThrownBy(() -> group.submit(null));
		assertThatIllegalArgumentException().isThrownBy(() -> group.join(Duration.ofSeconds(-1)))
			.withMessage("join(PT-1S): the timeout must be zero or more");
		group.submit((ctx) -> 1);
		assertThat(group.join()).containsExactly(1);
		assertThatIllegalStateException().isThrownBy(() -> group.submit((ctx) -> 2))
			.withMessage("Task group of worker 'pool' was already joined: submit() is allowed only before the group "
					+ "is joined or closed");
		assertThatIllegalStateException().isThrownBy(group::join).withMessageContaining("already joined: join()");
		group.close();
		group.close();
		assertThatIllegalStateException().isThrownBy(() -> group.trySubmit((ctx) -> 3))
			.withMessageContaining("already closed: submit()");
	}

	/** Blocks until the task's stop callback runs, as a read on a socket that {@code onStop} closes. */
	private static void blockedUntilStopCallback(WorkerContext ctx, CountDownLatch running)
			throws InterruptedException {
		CountDownLatch closed = new CountDownLatch(1);
		ctx.onStop(closed::countDown);
		running.countDown();
		assertThat(closed.await(1, TimeUnit.MINUTES)).isTrue();
	}

	private static boolean waits(WorkerHandle submitter) {
		return submitter.tasks(1, 0)
			.stream()
			.anyMatch((task) -> task.state() == Thread.State.WAITING || task.state() == Thread.State.TIMED_WAITING);
	}

}
