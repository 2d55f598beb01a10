package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerState;
import io.github.managedworkers.autoconfigure.InvalidManagedWorkerException;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;
import io.github.managedworkers.autoconfigure.WorkerSources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ExecutorAdoptionTests {

	private static final Duration LONG = Duration.ofMinutes(1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class,
				ManagedWorkersAdoptionAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class));

	@Test
	void anExecutorInjectedByItsConcreteTypeKeepsItsTypeAndSettingsAndRunsTrackedTasks() {
		this.contextRunner.withUserConfiguration(ConcreteType.class).run((context) -> {
			Reporter reporter = context.getBean(Reporter.class);
			assertThat(reporter.executor.getCorePoolSize()).isEqualTo(3);
			assertThat(reporter.executor.getThreadPoolExecutor().getQueue().remainingCapacity()).isEqualTo(50);
			assertThat(reporter.report().get(1, TimeUnit.MINUTES)).isEqualTo("reportExecutor");
			WorkerHandle worker = context.getBean(WorkerRegistry.class).get("reportExecutor");
			assertThat(context.getBean(WorkerSources.class).sourceOf("reportExecutor")).isEqualTo("executor");
			await().atMost(LONG).until(() -> worker.snapshot().completed() == 1);
			assertThat(worker.snapshot().maxConcurrency()).isEqualTo(3);
		});
	}

	@Test
	void withTwoExecutorsAnAsyncMethodNamingOneRunsAsATaskOfThatExecutorsWorker() {
		this.contextRunner.withUserConfiguration(TwoExecutors.class).run((context) -> {
			Mail mail = context.getBean(Mail.class);
			assertThat(mail.send().get(1, TimeUnit.MINUTES)).isEqualTo("mailExecutor");
			assertThat(mail.audit().get(1, TimeUnit.MINUTES)).isEqualTo("taskExecutor");
			WorkerRegistry registry = context.getBean(WorkerRegistry.class);
			await().atMost(LONG).until(() -> registry.get("mailExecutor").snapshot().completed() == 1
					&& registry.get("taskExecutor").snapshot().completed() == 1);
		});
	}

	@Test
	void simpleAsyncExecutorsAndSchedulersAreOwnedAndRefuseTasksOnceTheirDrainBegan() {
		this.contextRunner.withUserConfiguration(SimpleOnes.class).run((context) -> {
			SimpleAsyncTaskExecutor executor = context.getBean("simpleExecutor", SimpleAsyncTaskExecutor.class);
			CompletableFuture<String> seen = new CompletableFuture<>();
			executor.execute(() -> seen.complete(currentWorker()));
			assertThat(seen.get(1, TimeUnit.MINUTES)).isEqualTo("simpleExecutor");
			WorkerRegistry registry = context.getBean(WorkerRegistry.class);
			assertThat(registry.get("simpleExecutor").snapshot().maxConcurrency()).isEqualTo(2);
			SimpleTicks ticks = context.getBean(SimpleTicks.class);
			assertThat(ticks.worker.get(1, TimeUnit.MINUTES)).isEqualTo("simpleScheduler");
			registry.drain(Duration.ofSeconds(5));
			assertThat(registry.get("simpleExecutor").state()).isEqualTo(WorkerState.STOPPED);
			assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> executor.execute(() -> {
			})).withMessageContaining("Executor 'simpleExecutor' is STOPPED");
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void theTasksOfAnExecutorOnVirtualThreadsAreListedWithTheirStacks() {
		this.contextRunner.withUserConfiguration(VirtualOnes.class).run((context) -> {
			SimpleAsyncTaskExecutor executor = context.getBean("virtualExecutor", SimpleAsyncTaskExecutor.class);
			CountDownLatch release = new CountDownLatch(1);
			executor.execute(() -> awaitQuietly(release));
			WorkerHandle worker = context.getBean(WorkerRegistry.class).get("virtualExecutor");
			try {
				await().atMost(LONG).untilAsserted(() -> assertThat(worker.snapshot(true).tasks()).singleElement()
					.satisfies((task) -> {
						assertThat(task.virtual()).isTrue();
						assertThat(task.stack()).anySatisfy(
								(frame) -> assertThat(frame.getMethodName()).isEqualTo("awaitQuietly"));
					}));
			}
			finally {
				release.countDown();
			}
		});
	}

	@Test
	void anExecutorsWorkerTakesItsSettingsFromTheOneResolverAndRefusesThoseTheBeanOwns() {
		this.contextRunner.withUserConfiguration(ConcreteType.class)
			.withPropertyValues("managed-workers.workers.reportExecutor.stuck-after=7s")
			.run((context) -> assertThat(context.getBean(WorkerRegistry.class).get("reportExecutor").spec().stuckAfter())
				.isEqualTo(Duration.ofSeconds(7)));
		this.contextRunner.withUserConfiguration(ConcreteType.class)
			.withPropertyValues("managed-workers.workers.reportExecutor.max-concurrency=8")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				while (failure.getCause() != null && !(failure instanceof InvalidManagedWorkerException)) {
					failure = failure.getCause();
				}
				assertThat(failure).isInstanceOf(InvalidManagedWorkerException.class)
					.hasMessageContaining("managed-workers.workers.reportExecutor.max-concurrency")
					.hasMessageContaining("the executor bean keeps its own pool sizes");
			});
	}

	@Test
	void adoptExecutorsFalseLeavesEveryExecutorUntouched() {
		this.contextRunner.withUserConfiguration(ConcreteType.class)
			.withPropertyValues("managed-workers.adopt.executors=false")
			.run((context) -> {
				assertThat(context.getBean(Reporter.class).report().get(1, TimeUnit.MINUTES)).isEqualTo("none");
				assertThat(context.getBean(WorkerRegistry.class).find("reportExecutor")).isEmpty();
			});
	}

	@Test
	void bootsOwnExecutorAndSchedulerStaySpringsWhenTheirAdoptionIsOff() {
		this.contextRunner.withUserConfiguration(Ticking.class)
			.withPropertyValues("managed-workers.adopt.async=false", "managed-workers.adopt.scheduled=false")
			.run((context) -> {
				assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
				assertThat(context.getBean(WorkerRegistry.class).workers()).isEmpty();
			});
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(1, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String currentWorker() {
		return WorkerContext.current().map(WorkerContext::workerName).orElse("none");
	}

	@Configuration(proxyBeanMethods = false)
	static class ConcreteType {

		@Bean
		ThreadPoolTaskExecutor reportExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(3);
			executor.setMaxPoolSize(3);
			executor.setQueueCapacity(50);
			return executor;
		}

		@Bean
		Reporter reporter(ThreadPoolTaskExecutor reportExecutor) {
			return new Reporter(reportExecutor);
		}

	}

	static class Reporter {

		final ThreadPoolTaskExecutor executor;

		Reporter(ThreadPoolTaskExecutor executor) {
			this.executor = executor;
		}

		CompletableFuture<String> report() {
			return this.executor.submitCompletable(ExecutorAdoptionTests::currentWorker);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class TwoExecutors {

		@Bean
		ThreadPoolTaskExecutor taskExecutor() {
			return new ThreadPoolTaskExecutor();
		}

		@Bean
		ThreadPoolTaskExecutor mailExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(2);
			executor.setThreadNamePrefix("mail-");
			return executor;
		}

		@Bean
		Mail mail() {
			return new Mail();
		}

	}

	static class Mail {

		@Async("mailExecutor")
		public CompletableFuture<String> send() {
			return CompletableFuture.completedFuture(currentWorker());
		}

		@Async
		public CompletableFuture<String> audit() {
			return CompletableFuture.completedFuture(currentWorker());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SimpleOnes {

		@Bean
		SimpleAsyncTaskExecutor simpleExecutor() {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("simple-");
			executor.setConcurrencyLimit(2);
			return executor;
		}

		@Bean
		SimpleAsyncTaskScheduler simpleScheduler() {
			return new SimpleAsyncTaskScheduler();
		}

		@Bean
		SimpleTicks simpleTicks() {
			return new SimpleTicks();
		}

	}

	static class SimpleTicks {

		final CompletableFuture<String> worker = new CompletableFuture<>();

		@Scheduled(fixedRate = 20)
		void tick() {
			this.worker.complete(currentWorker());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class VirtualOnes {

		@Bean
		SimpleAsyncTaskExecutor virtualExecutor() {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("virtual-");
			executor.setVirtualThreads(true);
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class Ticking {

		@Scheduled(fixedRate = 1000)
		void tick() {
		}

	}

}
