package io.github.managedworkers.autoconfigure.exclusive;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;

import io.github.managedworkers.LeaseStatus;
import io.github.managedworkers.LeaseStore;
import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerState;
import io.github.managedworkers.autoconfigure.InvalidManagedWorkerException;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exclusive workers in real Spring contexts: two contexts on one H2 database are two instances sharing the
 * {@code INT_LOCK} table.
 */
class ExclusiveWorkersAutoConfigurationTests {

	private static final Duration LONG = Duration.ofMinutes(1);

	private final ApplicationContextRunner runner = ExclusiveContexts
		.onDatabase("jdbc:h2:mem:exclusive;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:int-lock-h2.sql'")
		.withUserConfiguration(Reaper.class);

	@Test
	void twoInstancesOnOneDatabaseElectOneLeaderThatTheStandbyNamesAndHandOverOnClose() {
		this.runner.withPropertyValues("managed-workers.exclusive.instance-id=first").run((first) -> {
			WorkerHandle onFirst = reaper(first);
			await().atMost(LONG).until(() -> onFirst.state() == WorkerState.RUNNING);
			assertThat(first.getBean(LeaseStore.class)).isInstanceOf(JdbcLeaseStore.class);
			this.runner.withPropertyValues("managed-workers.exclusive.instance-id=second").run((second) -> {
				WorkerHandle onSecond = reaper(second);
				await().atMost(LONG).until(() -> "first".equals(onSecond.lease().orElseThrow().holder()));
				assertThat(onSecond.state()).isEqualTo(WorkerState.STANDBY);
				assertThat(onSecond.lease().orElseThrow().role()).isEqualTo(LeaseStatus.Role.STANDBY);
				assertThat(onFirst.lease().orElseThrow().role()).isEqualTo(LeaseStatus.Role.LEADER);
				first.close(); // drains the reaper, then releases the lease
				await().atMost(LONG).until(() -> onSecond.state() == WorkerState.RUNNING);
				assertThat(onSecond.lease().orElseThrow().holder()).isEqualTo("second");
			});
		});
	}

	@Test
	void anApplicationLockRegistryWins() {
		this.runner.withUserConfiguration(OwnLockRegistry.class).run((context) -> {
			assertThat(context.getBean(LeaseStore.class)).isInstanceOf(LockRegistryLeaseStore.class)
				.isNotInstanceOf(JdbcLeaseStore.class);
			await().atMost(LONG).until(() -> reaper(context).state() == WorkerState.RUNNING);
		});
	}

	@Test
	void anExclusiveWorkerWithoutALockStoreFailsStartupNamingTheWorkerAndTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader(LockRegistry.class)).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (!(failure instanceof InvalidManagedWorkerException) && failure.getCause() != null) {
				failure = failure.getCause();
			}
			assertThat(failure).isInstanceOfSatisfying(InvalidManagedWorkerException.class, (ex) -> {
				assertThat(ex.getMessage()).contains("Worker 'reaper'").contains("no lock store");
				assertThat(ex.getAction()).contains("spring-integration-jdbc").contains("LockRegistry bean");
			});
		});
	}

	@Test
	void aRenewIntervalOfHalfTheTtlOrMoreFailsStartupSinceTheLeaderWouldFenceBeforeRenewing() {
		this.runner.withPropertyValues("managed-workers.exclusive.renew-interval=1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Invalid value '1s' for managed-workers.exclusive.renew-interval")
				.hasMessageContaining("shorter than half of managed-workers.exclusive.lease-ttl (PT2S)")
				.hasMessageContaining("lease-ttl - renew-interval (PT1S) stops its worker");
		});
	}

	@Test
	void twoContextsInOneJvmWithoutConfiguredIdsAreTwoInstancesOneLeading() {
		ExclusiveContexts.twoContextsInOneJvmElectOneLeader(ExclusiveContexts
			.onDatabase("jdbc:h2:mem:instances;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:int-lock-h2.sql'"));
	}

	@Test
	void anInterruptGraceThatDoesNotFitBeforeTheLeaseCanExpireFailsStartupWithTheArithmetic() {
		this.runner.withPropertyValues("managed-workers.shutdown.interrupt-grace=300ms").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(failure(context)).satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("managed-workers.shutdown.interrupt-grace")
					.contains("renew-interval (500ms) before the lease can expire")
					.contains("250ms + 300ms = 550ms is not shorter than 500ms");
				assertThat(ex.getAction()).contains("interrupt-grace below 250ms")
					.contains("renew-interval above 600ms");
			});
		});
	}

	@Test
	void aLockRegistryThatCannotProveARenewalIsRefusedForExclusiveWorkersNamingIt() {
		this.runner.withUserConfiguration(SessionLockRegistry.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(failure(context)).satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("Worker 'reaper'")
					.contains(SessionLocks.class.getName())
					.contains("cannot prove that a lease was renewed");
				assertThat(ex.getAction()).contains("JdbcLockRegistry").contains("RedisLockRegistry")
					.contains("managed-workers.workers.reaper.exclusive=false");
			});
		});
	}

	@Test
	void aLockRegistryThatCannotProveARenewalStillLetsAnAppWithoutExclusiveWorkersStart() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ExclusiveWorkersAutoConfiguration.class,
					ManagedWorkersAutoConfiguration.class))
			.withUserConfiguration(SessionLockRegistry.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static InvalidManagedWorkerException failure(
			org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
		Throwable failure = context.getStartupFailure();
		while (!(failure instanceof InvalidManagedWorkerException) && failure.getCause() != null) {
			failure = failure.getCause();
		}
		assertThat(failure).isInstanceOf(InvalidManagedWorkerException.class);
		return (InvalidManagedWorkerException) failure;
	}

	@Test
	void anAppWithoutExclusiveWorkersNeedsNoLockTable() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					ExclusiveWorkersAutoConfiguration.class, ManagedWorkersAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:nolocks;DB_CLOSE_DELAY=-1")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static WorkerHandle reaper(org.springframework.context.ApplicationContext context) {
		return ExclusiveContexts.worker(context, "reaper");
	}

	@Configuration(proxyBeanMethods = false)
	static class Reaper {

		final AtomicInteger runs = new AtomicInteger();

		@ManagedWorker(name = "reaper", every = "50ms", exclusive = true)
		void reap(WorkerContext ctx) {
			this.runs.incrementAndGet();
		}

	}

	/** A lock registry whose locks live as long as a session it does not show, as Zookeeper's do. */
	static final class SessionLocks implements LockRegistry<Lock> {

		@Override
		public Lock obtain(Object key) {
			return new ReentrantLock();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SessionLockRegistry {

		@Bean
		LockRegistry<?> lockRegistry() {
			return new SessionLocks();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLockRegistry {

		@Bean
		LockRegistry<?> lockRegistry() {
			return new DefaultLockRegistry();
		}

	}

}
