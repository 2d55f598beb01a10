package io.github.managedworkers.autoconfigure.adoption;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.task.AsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What Spring Framework's own {@code AbstractSchedulingTaskExecutorTests} ask of an {@link AsyncTaskExecutor}, run
 * against Spring's {@code ThreadPoolTaskExecutor} and {@code SimpleAsyncTaskExecutor} and against the adopted
 * executor, so that a difference fails the adopted one only. The cases about shutdown are left out: the adopted
 * executor drains with the registry, which its own tests cover.
 */
abstract class AsyncTaskExecutorContractTests {

	protected static final String PREFIX = "contract-";

	private AsyncTaskExecutor executor;

	private final AtomicReference<@Nullable Object> outcome = new AtomicReference<>();

	/**
	 * A started executor whose threads are named with {@link #PREFIX}.
	 */
	protected abstract AsyncTaskExecutor start();

	protected abstract void shutdown(AsyncTaskExecutor executor);

	@BeforeEach
	void startExecutor() {
		this.executor = start();
	}

	@AfterEach
	void shutdownExecutor() {
		shutdown(this.executor);
	}

	@Test
	void executeRunnable() throws Exception {
		Task task = new Task(1);
		this.executor.execute(task);
		task.await();
		assertThat(task.thread.get()).startsWith(PREFIX);
	}

	@Test
	void submitRunnable() throws Exception {
		Task task = new Task(1);
		Future<?> future = this.executor.submit(task);
		assertThat(future.get(5, TimeUnit.SECONDS)).isNull();
		assertThat(task.thread.get()).startsWith(PREFIX);
	}

	@Test
	void submitFailingRunnable() {
		Future<?> future = this.executor.submit(new Task(0));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(IllegalStateException.class);
		assertThat(future.isDone()).isTrue();
	}

	@Test
	void submitCompletableRunnable() {
		Task task = new Task(1);
		CompletableFuture<Void> future = this.executor.submitCompletable(task);
		future.whenComplete(this::storeOutcome);
		await().atMost(5, TimeUnit.SECONDS).until(future::isDone);
		assertThat(this.outcome.get()).isNull();
		assertThat(task.thread.get()).startsWith(PREFIX);
	}

	@Test
	void submitFailingCompletableRunnable() {
		CompletableFuture<Void> future = this.executor.submitCompletable(new Task(0));
		future.whenComplete(this::storeOutcome);
		await().atMost(5, TimeUnit.SECONDS).until(() -> future.isDone() && this.outcome.get() != null);
		assertThat(this.outcome.get()).isExactlyInstanceOf(CompletionException.class);
		assertThat((Throwable) this.outcome.get()).hasCauseInstanceOf(IllegalStateException.class);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(future::get)
			.withCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void submitCallable() throws Exception {
		Future<String> future = this.executor.submit(new Task(1)::call);
		assertThat(future.get(5, TimeUnit.SECONDS)).startsWith(PREFIX);
	}

	@Test
	void submitFailingCallable() {
		Future<String> future = this.executor.submit(new Task(0)::call);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS));
		assertThat(future.isDone()).isTrue();
	}

	@Test
	void submitCompletableCallable() {
		CompletableFuture<String> future = this.executor.submitCompletable(new Task(1)::call);
		future.whenComplete(this::storeOutcome);
		await().atMost(5, TimeUnit.SECONDS).until(() -> future.isDone() && this.outcome.get() != null);
		assertThat(this.outcome.get()).asString().startsWith(PREFIX);
	}

	@Test
	void submitFailingCompletableCallable() {
		CompletableFuture<String> future = this.executor.submitCompletable(new Task(0)::call);
		future.whenComplete(this::storeOutcome);
		await().atMost(5, TimeUnit.SECONDS).until(() -> future.isDone() && this.outcome.get() != null);
		assertThat(this.outcome.get()).isExactlyInstanceOf(CompletionException.class);
		assertThat((Throwable) this.outcome.get()).hasCauseInstanceOf(IllegalStateException.class);
	}

	private void storeOutcome(@Nullable Object value, @Nullable Throwable failure) {
		this.outcome.set((value != null) ? value : failure);
	}

	/** Runs, counts, and fails each run beyond the expected number, as Spring's {@code TestTask}. */
	static final class Task implements Runnable {

		final AtomicReference<String> thread = new AtomicReference<>("");

		private final AtomicInteger runs = new AtomicInteger();

		private final int expectedRuns;

		private final CountDownLatch ran = new CountDownLatch(1);

		Task(int expectedRuns) {
			this.expectedRuns = expectedRuns;
		}

		@Override
		public void run() {
			call();
		}

		String call() {
			String name = Thread.currentThread().getName();
			this.thread.set(name);
			this.ran.countDown();
			if (this.runs.incrementAndGet() > this.expectedRuns) {
				throw new IllegalStateException("Run " + this.runs.get() + " of a task expected to run "
						+ this.expectedRuns + " times");
			}
			return name;
		}

		void await() throws InterruptedException {
			assertThat(this.ran.await(5, TimeUnit.SECONDS)).isTrue();
		}

	}

}
