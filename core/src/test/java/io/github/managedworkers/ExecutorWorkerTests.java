package io.github.managedworkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * A worker over an executor of someone else's: its tasks tracked on the executor's threads, its queue counted, and
 * the executor stopped in the registry's drain with every accepted task accounted for.
 */
class ExecutorWorkerTests {

	private final WorkerRegistry registry = WorkerRegistry.builder()
		.threads(ThreadMode.PLATFORM)
		.drainTimeout(Duration.ofSeconds(10))
		.interruptGrace(Duration.ofSeconds(5))
		.build();

	private final Pool pool = new Pool(2, 100);

	private final ExecutorWorker worker = this.registry.register(WorkerSpec.builder("appExecutor").build(), this.pool);

	@AfterEach
	void close() {
		this.registry.close();
		this.pool.shutdownNow();
	}

	@Test
	void tasksOnTheExecutorsThreadsAreLiveTasksWithTheirStacksAndCountedWhenTheyEnd() throws Exception {
		CountDownLatch running = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<String> seenWorker = new AtomicReference<>();
		for (int i = 0; i < 3; i++) {
			this.pool.execute(() -> {
				seenWorker.set(WorkerContext.current().map(WorkerContext::workerName).orElse("none"));
				running.countDown();
				awaitQuietly(release);
			});
		}
		assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
		assertThat(this.worker.state()).isEqualTo(WorkerState.RUNNING);
		WorkerSnapshot snapshot = this.worker.snapshot();
		assertThat(snapshot.activeTasks()).isEqualTo(2);
		assertThat(snapshot.queued()).isEqualTo(1);
		assertThat(snapshot.maxConcurrency()).isEqualTo(2);
		// Each task reaches its wait a moment after it counted down.
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(this.worker.snapshot(true).tasks()).hasSize(2).allSatisfy((task) -> {
				assertThat(task.thread()).startsWith("pool-thread-");
				assertThat(task.stack()).anySatisfy((frame) -> assertThat(frame.getMethodName()).isEqualTo("awaitQuietly"));
			}));
		assertThat(seenWorker.get()).isEqualTo("appExecutor");
		release.countDown();
		await().atMost(Duration.ofMinutes(1)).until(() -> this.worker.snapshot().completed() == 3);
		assertThat(this.worker.activeTasks()).isZero();
	}

	@Test
	void whatATaskThrowsIsCountedAndStillReachesTheExecutor() throws Exception {
		Future<?> future = this.pool.submit(() -> {
			throw new IllegalStateException("boom");
		});
		await().atMost(Duration.ofMinutes(1)).until(future::isDone);
		assertThat(this.pool.afterExecuteSaw).hasValue(null); // a FutureTask keeps its own failure
		this.pool.execute(() -> {
			throw new IllegalStateException("plain");
		});
		await().dontCatchUncaughtExceptions().atMost(Duration.ofMinutes(1)).until(() -> this.worker.snapshot().failed() == 1);
		await().dontCatchUncaughtExceptions().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(this.pool.afterExecuteSaw.get())
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("plain"));
		assertThat(this.worker.snapshot().lastFailure().message()).isEqualTo("plain");
	}

	@Test
	void theDrainLetsTheQueueRunUntilTheDeadlineInterruptsWhatRunsAndReportsWhatNeverStarted() throws Exception {
		AtomicInteger done = new AtomicInteger();
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			futures.add(this.pool.submit(() -> {
				try {
					Thread.sleep(100); // the work; the drain's deadline cuts it
					done.incrementAndGet();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
		}
		DrainReport report = this.registry.drain(Duration.ofMillis(350));
		assertThat(report.notStarted()).isGreaterThan(0);
		assertThat(report.finished()).isEqualTo(done.get());
		assertThat(report.finished() + report.interrupted() + report.notStarted() + report.abandoned().size())
			.isEqualTo(20);
		assertThat(report.summary()).endsWith(report.notStarted() + " never started");
		assertThat(futures.stream().filter((future) -> !future.isDone()).count()).isEqualTo(report.notStarted());
		assertThat(this.pool.isTerminated()).isTrue();
		assertThat(this.worker.state()).isEqualTo(WorkerState.STOPPED);
	}

	@Test
	void aTaskSubmittedToTheWorkerRunsOnTheExecutorAndARefusalIsARejection() throws Exception {
		assertThat(this.worker.submit((ctx) -> ctx.workerName() + " on " + Thread.currentThread().getName())
			.get(1, TimeUnit.MINUTES)).startsWith("appExecutor on pool-thread-");
		this.registry.drain(Duration.ofSeconds(1));
		assertThat(this.worker.submit((ctx) -> "late")).failsWithin(Duration.ofMinutes(1))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOfSatisfying(RejectedTaskException.class,
					(rejection) -> assertThat(rejection.reason()).isEqualTo(RejectedTaskException.Reason.NOT_RUNNING));
	}

	@Test
	void anOperatorCannotStopOrRestartItButCanResizeIt() {
		assertThatIllegalStateException().isThrownBy(this.worker::stop).withMessageContaining("stops with the application");
		this.worker.resize(5);
		assertThat(this.pool.getMaximumPoolSize()).isEqualTo(5);
		assertThat(this.worker.snapshot().maxConcurrency()).isEqualTo(5);
		this.registry.drain(Duration.ofSeconds(1));
		assertThatIllegalStateException().isThrownBy(this.worker::start).withMessageContaining("does not start again");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(1, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** An application's pool whose tasks its worker tracks. */
	private final class Pool extends ThreadPoolExecutor implements ExternalExecutor {

		final AtomicReference<Throwable> afterExecuteSaw = new AtomicReference<>();

		private final AtomicInteger threads = new AtomicInteger();

		Pool(int size, int queue) {
			super(size, size, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(queue));
			setThreadFactory((task) -> {
				Thread thread = new Thread(task, "pool-thread-" + this.threads.incrementAndGet());
				thread.setUncaughtExceptionHandler((dying, failure) -> {
					// the executor's own handling of a task's failure: this thread ends
				});
				return thread;
			});
		}

		@Override
		public void execute(Runnable command) {
			super.execute(ExecutorWorkerTests.this.worker.track(command));
		}

		@Override
		protected void afterExecute(Runnable task, Throwable failure) {
			this.afterExecuteSaw.set(failure);
		}

		@Override
		public int queued() {
			return getQueue().size();
		}

		@Override
		public int maxConcurrency() {
			return getMaximumPoolSize();
		}

		@Override
		public boolean awaitTermination(long timeoutNanos) throws InterruptedException {
			return awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS);
		}

		@Override
		public int cancelQueued() {
			List<Runnable> left = new ArrayList<>();
			getQueue().drainTo(left);
			return left.size();
		}

		@Override
		public void resize(int maxConcurrency) {
			setMaximumPoolSize(maxConcurrency);
			setCorePoolSize(maxConcurrency);
		}

	}

}
