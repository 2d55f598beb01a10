package io.github.managedworkers.autoconfigure.adoption;

import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.Schedule;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;
import io.github.managedworkers.autoconfigure.scheduling.CronSchedule;

import static org.assertj.core.api.Assertions.assertThat;

class CronWorkerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class))
		.withUserConfiguration(Jobs.class);

	@Test
	void aCronWorkerRunsOnItsExpressionInItsZone() {
		this.contextRunner.run((context) -> {
			Schedule schedule = context.getBean(WorkerRegistry.class).get("everySecond").spec().schedule();
			assertThat(schedule.describe()).isEqualTo("cron * * * * * * UTC");
			assertThat(context.getBean(Job.class).ran.await(30, TimeUnit.SECONDS)).isTrue();
		});
	}

	@Test
	void propertiesSetTheCronAndZoneOfAWorker() {
		this.contextRunner
			.withPropertyValues("managed-workers.workers.everySecond.cron=0 */5 * * * *",
					"managed-workers.workers.everySecond.zone=Europe/Paris")
			.run((context) -> assertThat(
					context.getBean(WorkerRegistry.class).get("everySecond").spec().schedule().describe())
				.isEqualTo("cron 0 */5 * * * * Europe/Paris"));
	}

	@Test
	void cronWithEveryIsAStartupErrorNamingBothKeysAndValues() {
		this.contextRunner.withPropertyValues("managed-workers.workers.everySecond.every=5s")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("Worker 'everySecond' has both every ('5s', from managed-workers.workers.everySecond.every)")
				.hasMessageContaining("cron ('* * * * * *', from @ManagedWorker(cron)"));
	}

	@Test
	void aBadExpressionOrZoneIsAStartupErrorNamingTheValueAndWhatIsAllowed() {
		this.contextRunner.withPropertyValues("managed-workers.workers.everySecond.cron=every minute")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("invalid cron expression 'every minute'")
				.hasMessageContaining("managed-workers.workers.everySecond.cron")
				.hasMessageContaining("six fields"));
		this.contextRunner.withPropertyValues("managed-workers.workers.everySecond.zone=Mars/Olympus")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("invalid zone 'Mars/Olympus' in managed-workers.workers.everySecond.zone")
				.hasMessageContaining("Europe/Paris"));
	}

	@Test
	void aRunThatOverranSkipsTheTimesItMissedAsSpringsCronTrigger() {
		CronSchedule hourly = CronSchedule.of("0 0 * * * *", "UTC");
		Instant due = Instant.parse("2026-01-01T10:00:00Z");
		assertThat(hourly.nextRun(null, null, Instant.parse("2026-01-01T09:30:00Z"))).isEqualTo(due);
		assertThat(hourly.nextRun(due, Instant.parse("2026-01-01T12:10:00Z"), Instant.parse("2026-01-01T12:10:00Z")))
			.isEqualTo(Instant.parse("2026-01-01T13:00:00Z"));
		assertThat(CronSchedule.of("0 0 3 * * *", "Europe/Paris")
			.nextRun(null, null, Instant.parse("2026-07-01T00:00:00Z"))).isEqualTo(Instant.parse("2026-07-01T01:00:00Z"));
		assertThat(CronSchedule.of("0 0 3 * * *", null).describe()).endsWith(ZoneId.systemDefault().getId());
	}

	@Configuration(proxyBeanMethods = false)
	static class Jobs {

		@Bean
		Job job() {
			return new Job();
		}

	}

	static class Job {

		final CountDownLatch ran = new CountDownLatch(1);

		@ManagedWorker(name = "everySecond", cron = "* * * * * *", zone = "UTC")
		void run() {
			this.ran.countDown();
		}

	}

}
