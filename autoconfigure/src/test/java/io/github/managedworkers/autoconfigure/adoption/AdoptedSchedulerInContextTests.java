package io.github.managedworkers.autoconfigure.adoption;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.util.ErrorHandler;

import io.github.managedworkers.TaskKind;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.InvalidManagedWorkerException;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The adopted scheduler and executor in a Spring Boot application, beside what Spring and libraries do with them.
 */
class AdoptedSchedulerInContextTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class,
				ManagedWorkersAdoptionAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("managed-workers.shutdown.drain-timeout=2s");

	@Test
	void oneShotTasksShareOneWorkerAndAreListedWhileTheyRun() {
		this.contextRunner.withUserConfiguration(Scheduling.class).run((context) -> {
			WorkerRegistry registry = context.getBean(WorkerRegistry.class);
			TaskScheduler scheduler = context.getBean(TaskScheduler.class);
			int workers = registry.workers().size();
			int threads = registry.ownedThreadIds().size();
			List<ScheduledFuture<?>> pending = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				pending.add(scheduler.schedule(() -> {
				}, Instant.now().plusSeconds(3600)));
			}
			assertThat(registry.workers()).hasSize(workers);
			assertThat(registry.ownedThreadIds().size()).isLessThanOrEqualTo(threads + 1);
			CountDownLatch release = new CountDownLatch(1);
			ScheduledFuture<?> running = scheduler.schedule(() -> awaitRelease(release), Instant.now());
			WorkerHandle shared = registry.get(ScheduledTaskQueue.WORKER);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(shared.tasks(10, 0))
					.anySatisfy((task) -> assertThat(task.kind()).isEqualTo(TaskKind.TASK)));
			release.countDown();
			running.get(5, TimeUnit.SECONDS);
			pending.forEach((future) -> future.cancel(false));
			assertThat(registry.workers()).hasSize(workers);
		});
	}

	@Test
	void aScheduledCronWithoutAZoneComesDueInTheDefaultZone() {
		TimeZone before = TimeZone.getDefault();
		ZoneId tokyo = ZoneId.of("Asia/Tokyo");
		TimeZone.setDefault(TimeZone.getTimeZone(tokyo));
		try {
			this.contextRunner.withUserConfiguration(Scheduling.class, NightlyJobs.class).run((context) -> {
				WorkerHandle nightly = context.getBean(WorkerRegistry.class).get("nightlyJob.run");
				ZonedDateTime now = ZonedDateTime.now(tokyo);
				ZonedDateTime twoAm = now.toLocalDate().atTime(2, 0).atZone(tokyo);
				Instant expected = (twoAm.isAfter(now) ? twoAm : twoAm.plusDays(1)).toInstant();
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(nightly.snapshot().nextRun()).isEqualTo(expected));
				assertThat(nightly.snapshot().schedule()).isEqualTo("cron 0 0 2 * * * Asia/Tokyo");
			});
		}
		finally {
			TimeZone.setDefault(before);
		}
	}

	@Test
	void prototypeBeansWithScheduledMethodsAreNotKeptOnceDestroyed() {
		this.contextRunner.withUserConfiguration(Scheduling.class, PrototypeJobs.class).run((context) -> {
			WorkerRegistry registry = context.getBean(WorkerRegistry.class);
			int workers = registry.workers().size();
			List<WeakReference<Object>> destroyed = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				Object job = context.getBean("prototypeJob");
				context.getBeanFactory().destroyBean(job);
				destroyed.add(new WeakReference<>(job));
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.workers()).hasSize(workers));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				System.gc();
				assertThat(destroyed).allSatisfy((ref) -> assertThat(ref.get()).isNull());
			});
		});
	}

	@Test
	void theApplicationsErrorHandlerGetsTheFailuresOfScheduledTasks() {
		this.contextRunner.withUserConfiguration(Scheduling.class, OwnErrorHandler.class).run((context) -> {
			ScheduledFuture<?> future = context.getBean(TaskScheduler.class).schedule(() -> {
				throw new IllegalStateException("boom");
			}, Instant.now());
			assertThat(future.get(5, TimeUnit.SECONDS)).isNull();
			assertThat(context.getBean(OwnErrorHandler.class).errors).singleElement()
				.satisfies((error) -> assertThat(error).hasMessage("boom"));
		});
	}

	@Test
	void bootsSchedulerCustomizersAreRefusedAtStartupWithWhatToDo() {
		this.contextRunner.withUserConfiguration(Scheduling.class)
			.withBean("poolSizer", ThreadPoolTaskSchedulerCustomizer.class, () -> (scheduler) -> scheduler.setPoolSize(4))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'poolSizer' (ThreadPoolTaskSchedulerCustomizer)")
				.isInstanceOfSatisfying(InvalidManagedWorkerException.class, (ex) -> assertThat(ex.getAction())
					.contains("managed-workers.adopt.scheduled=false")));
		this.contextRunner
			.withBean("queueSizer", ThreadPoolTaskExecutorCustomizer.class,
					() -> (executor) -> executor.setQueueCapacity(5))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'queueSizer' (ThreadPoolTaskExecutorCustomizer)")
				.isInstanceOfSatisfying(InvalidManagedWorkerException.class, (ex) -> assertThat(ex.getAction())
					.contains("managed-workers.adopt.async=false")));
	}

	@Test
	void aTaskScheduledOnceTheDrainBeganIsRejected() {
		this.contextRunner.withUserConfiguration(Scheduling.class).run((context) -> {
			TaskScheduler scheduler = context.getBean(TaskScheduler.class);
			context.getBean(WorkerRegistry.class).drain();
			assertThatExceptionOfType(TaskRejectedException.class)
				.isThrownBy(() -> scheduler.schedule(() -> {
				}, Instant.now()));
			context.close();
			assertThatExceptionOfType(TaskRejectedException.class)
				.isThrownBy(() -> scheduler.scheduleWithFixedDelay(() -> {
				}, Duration.ofSeconds(1)));
		});
	}

	@Test
	void forceModeKeepsBootsOwnExecutor() {
		this.contextRunner.withPropertyValues("spring.task.execution.mode=force")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
				assertThat(context).doesNotHaveBean(AdoptedTaskExecutor.class);
			});
	}

	@Test
	void beansInitialisedInTheBackgroundStartBeyondTheAsyncWorkersLimit() {
		this.contextRunner
			.withPropertyValues("spring.task.execution.pool.max-size=2", "managed-workers.workers.async.max-wait=20ms")
			.withUserConfiguration(BackgroundBeans.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(Slow.class)).hasSize(4);
			});
	}

	private static void awaitRelease(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class Scheduling {

	}

	@Configuration(proxyBeanMethods = false)
	static class NightlyJobs {

		@Bean
		NightlyJob nightlyJob() {
			return new NightlyJob();
		}

	}

	static class NightlyJob {

		@Scheduled(cron = "0 0 2 * * *")
		void run() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrototypeJobs {

		@Bean
		@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
		PrototypeJob prototypeJob() {
			return new PrototypeJob();
		}

	}

	static class PrototypeJob {

		@Scheduled(fixedDelay = 3_600_000)
		void tick() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnErrorHandler implements ErrorHandler {

		final List<Throwable> errors = new CopyOnWriteArrayList<>();

		@Override
		public void handleError(Throwable ex) {
			this.errors.add(ex);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BackgroundBeans {

		@Bean(bootstrap = Bean.Bootstrap.BACKGROUND)
		Slow slow1() {
			return new Slow();
		}

		@Bean(bootstrap = Bean.Bootstrap.BACKGROUND)
		Slow slow2() {
			return new Slow();
		}

		@Bean(bootstrap = Bean.Bootstrap.BACKGROUND)
		Slow slow3() {
			return new Slow();
		}

		@Bean(bootstrap = Bean.Bootstrap.BACKGROUND)
		Slow slow4() {
			return new Slow();
		}

	}

	/** A bean whose initialisation takes a while, as a connection pool's warm-up does. */
	static class Slow {

		Slow() {
			try {
				Thread.sleep(300);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
