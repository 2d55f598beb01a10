package io.github.managedworkers.autoconfigure.adoption;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.test.util.AopTestUtils;

import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What Spring's own tests ask of a {@code TaskExecutor} and {@code AsyncTaskExecutor}, and of {@code @Async} return
 * values, asked of the adopted executor.
 */
class AdoptedTaskExecutorTests {

	private static final long LONG = 60;

	private final WorkerRegistry registry = WorkerRegistry.builder().drainTimeout(Duration.ofSeconds(10)).build();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void close() {
		this.release.countDown();
		this.registry.close();
	}

	private AdoptedTaskExecutor executor(int limit) {
		WorkerHandle worker = this.registry
			.register(WorkerSpec.builder("async").maxConcurrency(limit).maxWait(Duration.ZERO).build());
		worker.start();
		return new AdoptedTaskExecutor(worker, (task) -> () -> {
			Thread.currentThread().setName(Thread.currentThread().getName() + "+decorated");
			task.run();
		});
	}

	@Test
	void executeSubmitAndSubmitCompletableRunTheTaskThroughTheWorkerWithTheDecorator() throws Exception {
		AdoptedTaskExecutor executor = executor(4);
		CompletableFuture<String> executed = new CompletableFuture<>();
		executor.execute(() -> executed.complete(Thread.currentThread().getName()));
		assertThat(executed.get(LONG, TimeUnit.SECONDS)).endsWith("+decorated");
		assertThat(executor.submit(() -> { }).get(LONG, TimeUnit.SECONDS)).isNull();
		assertThat(executor.submit(() -> "result").get(LONG, TimeUnit.SECONDS)).isEqualTo("result");
		assertThat(executor.submitCompletable(() -> 42).get(LONG, TimeUnit.SECONDS)).isEqualTo(42);
		assertThat(executor.submitCompletable(() -> { }).get(LONG, TimeUnit.SECONDS)).isNull();
		Future<Object> failing = executor.submit(() -> {
			throw new java.io.IOException("disk full");
		});
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> failing.get(LONG, TimeUnit.SECONDS))
			.withCauseInstanceOf(java.io.IOException.class);
		assertThat(this.registry.get("async").snapshot().completed()).isEqualTo(5);
	}

	@Test
	void aFullBulkheadIsATaskRejectedExceptionWithTheWorkersMessage() {
		AdoptedTaskExecutor executor = executor(1);
		executor.execute(this::awaitRelease);
		assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> executor.execute(() -> { }))
			.withMessageContaining("Worker 'async' rejected a task: all 1 permits stayed busy")
			.withCauseInstanceOf(RejectedTaskException.class);
		assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> executor.submit(() -> "x"));
		CompletableFuture<String> completable = executor.submitCompletable(() -> "x");
		assertThat(completable).isCompletedExceptionally();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(completable::get)
			.withCauseInstanceOf(TaskRejectedException.class);
	}

	@Test
	void asyncMethodsReturnVoidFutureAndCompletableFutureAndAVoidFailureReachesTheHandler() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class,
					ManagedWorkersAdoptionAutoConfiguration.class))
			.withUserConfiguration(AsyncApp.class)
			.withPropertyValues("managed-workers.workers.async.max-concurrency=1", "managed-workers.workers.async.max-wait=0s",
					"managed-workers.workers.async.queue-capacity=0")
			.run((context) -> {
				AdoptedApplication.Mailer mailer = context.getBean(AdoptedApplication.Mailer.class);
				AdoptedApplication.Mailer state = AopTestUtils.getUltimateTargetObject(mailer);
				assertThat(mailer.greet("ada").get(LONG, TimeUnit.SECONDS)).isEqualTo("hello ada");
				mailer.fail();
				Recorder handler = context.getBean(Recorder.class);
				org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(LONG)).until(() -> !handler.failures.isEmpty());
				assertThat(handler.failures.get(0)).isEqualTo("fail: mail server down");

				state.gate = new CountDownLatch(1);
				mailer.send("busy@example.com");
				CompletableFuture<String> rejected = mailer.waitForStop();
				assertThat(rejected).isCompletedExceptionally();
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(rejected::get)
					.withCauseInstanceOf(TaskRejectedException.class)
					.withMessageContaining("Worker 'async' rejected a task");
				assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> mailer.send("more@example.com"));
				state.gate.countDown();
			});
	}

	private void awaitRelease() {
		try {
			this.release.await(LONG, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncApp {

		@Bean
		AdoptedApplication.Mailer mailer() {
			return new AdoptedApplication.Mailer();
		}

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder implements AsyncConfigurer {

		final List<String> failures = new CopyOnWriteArrayList<>();

		@Override
		public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
			return (Throwable ex, Method method, Object... params) -> this.failures
				.add(method.getName() + ": " + ex.getMessage());
		}

	}

}
