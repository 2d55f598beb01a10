package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class AdoptionAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class,
				ManagedWorkersAdoptionAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class));

	@Test
	void theApplicationTaskExecutorIsTheAsyncWorkerAndBootsExecutorBacksOff() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBeansOfType(Executor.class)).containsOnlyKeys("applicationTaskExecutor",
					"bootstrapExecutor");
			assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(AdoptedTaskExecutor.class)
				.isSameAs(context.getBean("taskExecutor"));
			WorkerSpec spec = context.getBean(WorkerRegistry.class).get("async").spec();
			assertThat(spec.maxConcurrency()).isEqualTo(16);
			assertThat(spec.maxWait()).isEqualTo(Duration.ofSeconds(1));
			assertThat(spec.threadNamePrefix()).isEqualTo("task-");
			assertThat(context).doesNotHaveBean(TaskScheduler.class);
		});
	}

	@Test
	void scheduledMethodsGetTheStartersSchedulerWithEnableScheduling() {
		this.contextRunner.withUserConfiguration(Scheduling.class).run((context) -> {
			assertThat(context.getBean(TaskScheduler.class)).isInstanceOf(AdoptedTaskScheduler.class);
			assertThat(context).doesNotHaveBean(ThreadPoolTaskScheduler.class);
			assertThat(context).doesNotHaveBean(SimpleAsyncTaskScheduler.class);
		});
	}

	@Test
	void bootsSettingsKeepMeaningSomethingAndManagedWorkersSettingsWin() {
		this.contextRunner
			.withPropertyValues("spring.task.execution.pool.max-size=5", "spring.task.execution.pool.queue-capacity=10",
					"spring.task.execution.thread-name-prefix=mail-")
			.run((context) -> {
				WorkerSpec spec = context.getBean(WorkerRegistry.class).get("async").spec();
				assertThat(spec.maxConcurrency()).isEqualTo(5);
				assertThat(spec.threadNamePrefix()).isEqualTo("mail-");
			});
		this.contextRunner
			.withPropertyValues("spring.task.execution.simple.concurrency-limit=7",
					"managed-workers.workers.async.max-wait=50ms")
			.run((context) -> {
				WorkerSpec spec = context.getBean(WorkerRegistry.class).get("async").spec();
				assertThat(spec.maxConcurrency()).isEqualTo(7);
				assertThat(spec.maxWait()).isEqualTo(Duration.ofMillis(50));
			});
		this.contextRunner
			.withPropertyValues("spring.task.execution.pool.max-size=5", "managed-workers.workers.async.max-concurrency=40")
			.run((context) -> assertThat(context.getBean(WorkerRegistry.class).get("async").spec().maxConcurrency())
				.isEqualTo(40));
	}

	@Test
	void aBadLimitForTheAsyncWorkerFailsStartupNamingTheKey() {
		this.contextRunner.withPropertyValues("spring.task.execution.pool.max-size=0")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("Invalid value '0' for spring.task.execution.pool.max-size"));
	}

	@Test
	void adoptAsyncFalseLeavesBootsExecutorUntouched() {
		this.contextRunner.withPropertyValues("managed-workers.adopt.async=false").run((context) -> {
			assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
			assertThat(context).doesNotHaveBean(AdoptedTaskExecutor.class);
			assertThat(context.getBean(WorkerRegistry.class).find("async")).isEmpty();
		});
	}

	@Test
	void adoptScheduledFalseLeavesBootsSchedulerUntouched() {
		this.contextRunner.withUserConfiguration(Scheduling.class)
			.withPropertyValues("managed-workers.adopt.scheduled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(AdoptedTaskScheduler.class);
				assertThat(context.getBean(TaskScheduler.class)).isInstanceOf(ThreadPoolTaskScheduler.class);
				assertThat(context.getBean(WorkerRegistry.class).find("scheduling.tick")).isEmpty();
			});
	}

	@Test
	void theAdoptionBacksOffWhenTheUserDefinesAnExecutorOrAScheduler() {
		this.contextRunner.withUserConfiguration(Scheduling.class, OwnExecutors.class).run((context) -> {
			assertThat(context).doesNotHaveBean(AdoptedTaskExecutor.class);
			assertThat(context).doesNotHaveBean(AdoptedTaskScheduler.class);
			assertThat(context.getBean(WorkerRegistry.class).find("async")).isEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class Scheduling {

		@Bean
		Ticker scheduling() {
			return new Ticker();
		}

	}

	static class Ticker {

		@Scheduled(fixedDelay = 60_000)
		void tick() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnExecutors {

		@Bean(destroyMethod = "shutdownNow")
		ScheduledExecutorService mine() {
			return Executors.newSingleThreadScheduledExecutor();
		}

	}

}
