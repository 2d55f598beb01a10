package io.github.managedworkers.autoconfigure.exclusive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.scheduling.ScheduledTasksEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.config.ScheduledTaskHolder;

import io.github.managedworkers.StopCause;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerState;
import io.github.managedworkers.autoconfigure.adoption.ManagedWorkersAdoptionAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ShedLock's use case with no code change: an unchanged {@code @Scheduled} method, made exclusive by one property,
 * run by two instances (two contexts) on one database. Run against every database the lock store supports.
 */
abstract class ExclusiveScheduledMethodContract {

	private static final Duration LONG = Duration.ofSeconds(30);

	private final Ticks ticks = new Ticks();

	/**
	 * The database's JDBC URL; its lock table exists.
	 * @return the URL
	 */
	abstract String url();

	/**
	 * A template on the same database.
	 * @return the template
	 */
	abstract JdbcTemplate jdbc();

	/**
	 * The database's expression of a timestamp two seconds after another.
	 * @param column the other timestamp
	 * @return the SQL expression
	 */
	abstract String twoSecondsAfter(String column);

	@BeforeEach
	void noLeases() {
		jdbc().update("DELETE FROM INT_LOCK");
	}

	@Test
	void onePropertyRunsAnUnchangedScheduledMethodOnOneInstanceAndHandsOverAfterTheLeadersRun() {
		ApplicationContextRunner runner = instances(TickerApplication.class)
			.withPropertyValues("managed-workers.workers[ticker.tick].exclusive=true");
		runner.withPropertyValues("managed-workers.exclusive.instance-id=first").run((first) -> {
			await().atMost(LONG).until(() -> this.ticks.of("first").size() >= 1);
			runner.withPropertyValues("managed-workers.exclusive.instance-id=second").run((second) -> {
				WorkerHandle onSecond = worker(second, "ticker.tick");
				await().atMost(LONG).until(() -> "first".equals(onSecond.lease().orElseThrow().holder()));
				assertThat(onSecond.state()).isEqualTo(WorkerState.STANDBY);
				assertThat(worker(first, "ticker.tick").state()).isEqualTo(WorkerState.RUNNING);
				int ticked = this.ticks.of("first").size();
				await().atMost(LONG).until(() -> this.ticks.of("first").size() >= ticked + 3);
				assertThat(this.ticks.of("second")).as("ticks of the standby").isEmpty();
				assertThat(scheduledTasks(second)).as("Spring's view of the standby's scheduled methods")
					.contains(TickerApplication.Ticker.class.getName() + ".tick");

				first.close(); // drains the run in flight, then releases the lease
				await().atMost(LONG).until(() -> this.ticks.of("second").size() >= 2);
				long firstEnded = this.ticks.of("first").stream().mapToLong(Tick::end).max().orElseThrow();
				assertThat(this.ticks.of("second").get(0).start())
					.as("the new leader's first tick starts after the old leader's last tick ended")
					.isGreaterThan(firstEnded);
			});
		});
		assertNoTwoTicksOverlap(this.ticks.all());
	}

	@Test
	void aLeaderThatLosesItsLeaseStopsItsRunWithLeaseLostAndStandsBy() {
		instances(LongTickApplication.class)
			.withPropertyValues("managed-workers.workers[longTicker.tick].exclusive=true",
					"managed-workers.exclusive.instance-id=only")
			.run((only) -> {
				WorkerHandle worker = worker(only, "longTicker.tick");
				await().atMost(LONG).until(() -> worker.state() == WorkerState.RUNNING && !this.ticks.started.isEmpty());
				// What the store shows after the lease expired and another instance took it: the next renew fails.
				assertThat(jdbc().update("UPDATE INT_LOCK SET CLIENT_ID = 'intruder', EXPIRED_AFTER = "
						+ twoSecondsAfter("EXPIRED_AFTER") + " WHERE REGION = ?", JdbcLeaseStore.REGION))
					.isOne();
				await().atMost(LONG).until(() -> !this.ticks.causes.isEmpty());
				assertThat(this.ticks.causes).first().isEqualTo(StopCause.LEASE_LOST);
				await().atMost(LONG).until(() -> "intruder".equals(worker.lease().orElseThrow().holder())
						&& worker.state() == WorkerState.STANDBY);
			});
	}

	private ApplicationContextRunner instances(Class<?> application) {
		return ExclusiveContexts.onDatabase(url())
			.withConfiguration(AutoConfigurations.of(ManagedWorkersAdoptionAutoConfiguration.class))
			.withBean(Ticks.class, () -> this.ticks)
			.withUserConfiguration(application);
	}

	private static WorkerHandle worker(ApplicationContext context, String name) {
		return ExclusiveContexts.worker(context, name);
	}

	private static List<String> scheduledTasks(ApplicationContext context) {
		// What /actuator/scheduledtasks shows: Boot's endpoint on every ScheduledTaskHolder.
		return new ScheduledTasksEndpoint(context.getBeanProvider(ScheduledTaskHolder.class).stream().toList())
			.scheduledTasks()
			.getFixedDelay()
			.stream()
			.map((task) -> task.getRunnable().getTarget())
			.toList();
	}

	private static void assertNoTwoTicksOverlap(List<Tick> ticks) {
		List<Tick> byStart = new ArrayList<>(ticks);
		byStart.sort(Comparator.comparingLong(Tick::start));
		for (int i = 1; i < byStart.size(); i++) {
			assertThat(byStart.get(i).start()).as("start of %s after the end of %s", byStart.get(i), byStart.get(i - 1))
				.isGreaterThan(byStart.get(i - 1).end());
		}
	}

	record Tick(String instance, long start, long end) {
	}

	/** What the scheduled methods of every instance did, on one monotonic clock. */
	static final class Ticks {

		final Queue<Tick> done = new ConcurrentLinkedQueue<>();

		final Queue<String> started = new ConcurrentLinkedQueue<>();

		final Queue<@Nullable StopCause> causes = new ConcurrentLinkedQueue<>();

		List<Tick> of(String instance) {
			return this.done.stream().filter((tick) -> tick.instance().equals(instance)).toList();
		}

		List<Tick> all() {
			return List.copyOf(this.done);
		}

	}

	/** An application that knows nothing of managed workers. */
	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class TickerApplication {

		@Bean
		Ticker ticker(Ticks ticks, Environment environment) {
			return new Ticker(ticks, environment.getRequiredProperty("managed-workers.exclusive.instance-id"));
		}

		static class Ticker {

			private final Ticks ticks;

			private final String instance;

			Ticker(Ticks ticks, String instance) {
				this.ticks = ticks;
				this.instance = instance;
			}

			@Scheduled(fixedDelay = 50)
			void tick() throws InterruptedException {
				long start = System.nanoTime();
				Thread.sleep(20); // the work of a tick: long enough for a close to find one in flight
				this.ticks.done.add(new Tick(this.instance, start, System.nanoTime()));
			}

		}

	}

	/** A scheduled method whose run lasts until it is told to stop, and asks why. */
	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class LongTickApplication {

		@Bean
		LongTicker longTicker(Ticks ticks) {
			return new LongTicker(ticks);
		}

		static class LongTicker {

			private final Ticks ticks;

			LongTicker(Ticks ticks) {
				this.ticks = ticks;
			}

			@Scheduled(fixedDelay = 50)
			void tick() {
				WorkerContext ctx = WorkerContext.current().orElseThrow();
				this.ticks.started.add(ctx.workerName());
				while (ctx.sleep(Duration.ofMillis(20))) {
					// working until told to stop
				}
				this.ticks.causes.add(ctx.stopCause().orElse(null));
			}

		}

	}

}
