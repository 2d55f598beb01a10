package io.github.managedworkers.autoconfigure.adoption;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.RestartPolicy;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.autoconfigure.InvalidManagedWorkerException;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings of adopted workers, settled by the one resolver: an unchanged {@code @Scheduled} method on bean
 * {@code ticker} is the worker {@code ticker.tick}, configured as any worker under
 * {@code managed-workers.workers[ticker.tick]}; the {@code async} worker layers Boot's {@code spring.task.*} too.
 */
class AdoptedWorkerSettingsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class,
				ManagedWorkersAdoptionAutoConfiguration.class))
		.withUserConfiguration(Scheduling.class)
		.withPropertyValues("managed-workers.defaults.restart=never");

	@Test
	void perWorkerPropertiesInBracketsReachAnAdoptedScheduledMethodWhichKeepsSpringsScheduleAndRestarts() {
		this.contextRunner.withBean("ticker", Ticker.class)
			.withPropertyValues("managed-workers.workers[ticker.tick].max-concurrency=3",
					"managed-workers.workers[ticker.tick].max-wait=250ms",
					"managed-workers.workers[ticker.tick].stuck-after=2m")
			.run((context) -> {
				WorkerSpec spec = tick(context).spec();
				assertThat(spec.maxConcurrency()).isEqualTo(3);
				assertThat(spec.maxWait()).isEqualTo(Duration.ofMillis(250));
				assertThat(spec.stuckAfter()).isEqualTo(Duration.ofMinutes(2));
				assertThat(spec.schedule().describe()).isEqualTo("every 1h");
				assertThat(spec.restart()).as("restarts stay Spring's whatever the defaults say")
					.isEqualTo(RestartPolicy.ON_FAILURE);
				assertThat(spec.threadNamePrefix()).isEqualTo("scheduling-");
			});
	}

	@Test
	void aYamlKeyInBracketsConfiguresAWorkerWhoseNameHasADot() {
		String yaml = """
				managed-workers:
				  workers:
				    "[ticker.tick]":
				      max-concurrency: 5
				""";
		this.contextRunner.withBean("ticker", Ticker.class)
			.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(yaml(yaml)))
			.run((context) -> assertThat(tick(context).spec().maxConcurrency()).isEqualTo(5));
	}

	@Test
	void theDottedFormFailsStartupShowingTheBracketFormOfThatVeryKey() {
		this.contextRunner.withBean("ticker", Ticker.class)
			.withPropertyValues("managed-workers.workers.ticker.tick.exclusive=true")
			.run((context) -> {
				InvalidManagedWorkerException failure = failure(context);
				assertThat(failure.getMessage())
					.startsWith("managed-workers.workers.ticker.tick.exclusive configures a worker named 'ticker', "
							+ "which does not exist: a worker name with a dot goes in brackets")
					.contains("managed-workers.workers[ticker.tick].exclusive")
					.contains("\"[ticker.tick]\"");
				assertThat(failure.getAction()).isEqualTo("Write managed-workers.workers[ticker.tick].exclusive "
						+ "instead of managed-workers.workers.ticker.tick.exclusive.");
			});
	}

	@Test
	void aTypoInAWorkerNameFailsStartupListingTheKnownWorkersAdoptedOnesIncluded() {
		this.contextRunner.withBean("ticker", Ticker.class)
			.withPropertyValues("managed-workers.workers[ticker.tock].exclusive=true")
			.run((context) -> assertThat(failure(context).getMessage())
				.startsWith("managed-workers.workers.ticker.tock configures a worker that does not exist")
				.endsWith("Known workers: [async, scheduled-tasks, ticker.tick]."));
	}

	@Test
	void aScheduleOrRestartPropertyFailsStartupNamingTheKeyAndWhySpringOwnsIt() {
		this.contextRunner.withBean("ticker", Ticker.class)
			.withPropertyValues("managed-workers.workers[ticker.tick].every=5s")
			.run((context) -> assertThat(failure(context).getMessage())
				.startsWith("managed-workers.workers[ticker.tick].every ('5s') cannot apply to worker 'ticker.tick' "
						+ "(@Scheduled method " + Ticker.class.getName() + ".tick()): its schedule is Spring's, from "
						+ "@Scheduled"));
		this.contextRunner.withBean("ticker", Ticker.class)
			.withPropertyValues("managed-workers.workers[ticker.tick].restart-backoff.max=1m")
			.run((context) -> assertThat(failure(context).getMessage())
				.startsWith("managed-workers.workers[ticker.tick].restart-backoff.max ('1m') cannot apply")
				.contains("runs again at its next time whatever it throws"));
	}

	@Test
	void managedWorkerOnAScheduledMethodConfiguresItsOneWorkerAndPropertiesWin() {
		this.contextRunner.withBean("ticker", AnnotatedTicker.class)
			.withPropertyValues("managed-workers.workers[ticker.tick].max-wait=2s")
			.run((context) -> {
				List<String> names = context.getBean(WorkerRegistry.class)
					.workers()
					.stream()
					.map(WorkerHandle::name)
					.sorted()
					.toList();
				assertThat(names).containsExactly("async", "scheduled-tasks", "ticker.tick");
				WorkerSpec spec = tick(context).spec();
				assertThat(spec.schedule().describe()).isEqualTo("every 1h");
				assertThat(spec.maxConcurrency()).isEqualTo(4);
				assertThat(spec.maxWait()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void managedWorkerExclusiveOnAScheduledMethodIsReadAndNeedsALockStore() {
		this.contextRunner.withBean("ticker", ExclusiveTicker.class)
			.run((context) -> assertThat(failure(context).getMessage())
				.startsWith("Worker 'ticker.tick' is exclusive (from @ManagedWorker(exclusive) on "
						+ ExclusiveTicker.class.getName() + ".tick())")
				.contains("no lock store"));
	}

	@Test
	void managedWorkerOnAScheduledMethodCannotGiveItASecondSchedule() {
		this.contextRunner.withBean("ticker", EveryTicker.class)
			.run((context) -> assertThat(failure(context).getMessage())
				.startsWith("@ManagedWorker(every) on " + EveryTicker.class.getName() + ".tick() ('1s') cannot apply "
						+ "to worker 'ticker.tick'"));
	}

	@Test
	void managedWorkerOnAScheduledMethodThatSpringSchedulesItselfFailsStartup() {
		this.contextRunner.withBean("ticker", AnnotatedTicker.class)
			.withPropertyValues("managed-workers.adopt.scheduled=false")
			.run((context) -> assertThat(failure(context).getMessage()).contains("which is also @Scheduled")
				.contains("a worker would run the method a second time"));
	}

	@Test
	void aBodySettingOfTheAsyncWorkerFailsStartupNamingTheKey() {
		this.contextRunner.withPropertyValues("managed-workers.workers.async.exclusive=true")
			.run((context) -> assertThat(failure(context).getMessage())
				.startsWith("managed-workers.workers.async.exclusive ('true') cannot apply to worker 'async'")
				.contains("no body"));
	}

	@Test
	void aBadSettingOfTheAsyncWorkerNamesTheKeyThatSuppliedIt() {
		this.contextRunner.withPropertyValues("managed-workers.workers.async.stuck-after=-5s")
			.run((context) -> assertThat(failure(context).getMessage())
				.isEqualTo("Invalid value '-5s' for managed-workers.workers.async.stuck-after: allowed is a positive "
						+ "duration."));
	}

	@Test
	void anInvalidNameGivenByManagedWorkerOnAScheduledMethodFailsStartup() {
		this.contextRunner.withBean("ticker", BadlyNamedTicker.class)
			.run((context) -> assertThat(failure(context).getMessage())
				.startsWith("Invalid worker name 'tick tock' (@Scheduled method " + BadlyNamedTicker.class.getName()
						+ ".tick()): allowed is "));
	}

	@Test
	void theAsyncQueueIsTenThousandUnlessTheDefaultsBootOrItsOwnPropertySayOtherwiseTheMostSpecificWinning() {
		this.contextRunner.run((context) -> assertThat(queueOfAsync(context)).isEqualTo(10_000));
		this.contextRunner.withPropertyValues("managed-workers.defaults.queue-capacity=7")
			.run((context) -> assertThat(queueOfAsync(context)).isEqualTo(7));
		this.contextRunner
			.withPropertyValues("managed-workers.defaults.queue-capacity=7",
					"spring.task.execution.pool.queue-capacity=64")
			.run((context) -> assertThat(queueOfAsync(context)).isEqualTo(64));
		this.contextRunner
			.withPropertyValues("managed-workers.defaults.queue-capacity=7",
					"spring.task.execution.pool.queue-capacity=64", "managed-workers.workers.async.queue-capacity=5")
			.run((context) -> assertThat(queueOfAsync(context)).isEqualTo(5));
	}

	private static int queueOfAsync(AssertableApplicationContext context) {
		return context.getBean(WorkerRegistry.class).get("async").spec().queueCapacity();
	}

	private static WorkerHandle tick(AssertableApplicationContext context) {
		return context.getBean(WorkerRegistry.class).get("ticker.tick");
	}

	private static InvalidManagedWorkerException failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (!(failure instanceof InvalidManagedWorkerException) && failure.getCause() != null) {
			failure = failure.getCause();
		}
		assertThat(failure).isInstanceOf(InvalidManagedWorkerException.class);
		return (InvalidManagedWorkerException) failure;
	}

	private static PropertySource<?> yaml(String yaml) {
		try {
			return new YamlPropertySourceLoader().load("yaml", new ByteArrayResource(yaml.getBytes())).get(0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class Scheduling {

	}

	static class Ticker {

		@Scheduled(fixedDelay = 3_600_000)
		void tick() {
		}

	}

	static class AnnotatedTicker {

		@Scheduled(fixedDelay = 3_600_000)
		@ManagedWorker(maxConcurrency = 4, maxWait = "100ms")
		void tick() {
		}

	}

	static class ExclusiveTicker {

		@Scheduled(fixedDelay = 3_600_000)
		@ManagedWorker(exclusive = true)
		void tick() {
		}

	}

	static class EveryTicker {

		@Scheduled(fixedDelay = 3_600_000)
		@ManagedWorker(every = "1s")
		void tick() {
		}

	}

	static class BadlyNamedTicker {

		@Scheduled(fixedDelay = 3_600_000)
		@ManagedWorker(name = "tick tock")
		void tick() {
		}

	}

}
