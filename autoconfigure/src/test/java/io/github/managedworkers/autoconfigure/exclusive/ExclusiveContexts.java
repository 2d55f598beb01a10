package io.github.managedworkers.autoconfigure.exclusive;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;

import io.github.managedworkers.LeaseStatus;
import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerState;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the lock store's tests share: an application on a {@code DataSource} with the default JDBC lease store, and
 * short leases. Two contexts of one runner on one database are two instances of a service.
 */
final class ExclusiveContexts {

	private static final Duration LONG = Duration.ofMinutes(1);

	private ExclusiveContexts() {
	}

	/**
	 * An application whose exclusive workers keep their leases in the {@code INT_LOCK} table of a database.
	 * @param url the database's JDBC URL; its lock table must exist
	 * @param more further properties, such as the user name
	 * @return the runner
	 */
	static ApplicationContextRunner onDatabase(String url, String... more) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, ExclusiveWorkersAutoConfiguration.class,
					ManagedWorkersAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + url, "managed-workers.exclusive.lease-ttl=2s",
					"managed-workers.exclusive.renew-interval=500ms", "managed-workers.shutdown.interrupt-grace=200ms")
			.withPropertyValues(more);
	}

	static WorkerHandle worker(ApplicationContext context, String name) {
		return context.getBean(WorkerRegistry.class).get(name);
	}

	/**
	 * Two contexts of one runner in this JVM, no instance id configured, one exclusive worker: each context has an id
	 * of its own, exactly one leads, the other stands by, naming the leader, and never runs the body.
	 * @param runner an application on a database
	 */
	static void twoContextsInOneJvmElectOneLeader(ApplicationContextRunner runner) {
		ApplicationContextRunner instances = runner.withUserConfiguration(CountedReaper.class);
		instances.run((first) -> {
			WorkerHandle onFirst = worker(first, CountedReaper.NAME);
			await().atMost(LONG).until(() -> onFirst.state() == WorkerState.RUNNING);
			instances.run((second) -> {
				String leader = first.getBean(InstanceId.class).value();
				assertThat(second.getBean(InstanceId.class).value()).isNotEqualTo(leader);
				WorkerHandle onSecond = worker(second, CountedReaper.NAME);
				await().atMost(LONG).until(() -> leader.equals(onSecond.lease().orElseThrow().holder()));
				int leaderRuns = first.getBean(CountedReaper.class).runs.get();
				await().atMost(LONG).until(() -> first.getBean(CountedReaper.class).runs.get() > leaderRuns + 2);
				assertThat(onSecond.state()).isEqualTo(WorkerState.STANDBY);
				assertThat(second.getBean(CountedReaper.class).runs).hasValue(0);
				assertThat(onFirst.lease().orElseThrow().role()).isEqualTo(LeaseStatus.Role.LEADER);
			});
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class CountedReaper {

		static final String NAME = "counted-reaper";

		final AtomicInteger runs = new AtomicInteger();

		@ManagedWorker(name = NAME, every = "20ms", exclusive = true)
		void reap() {
			this.runs.incrementAndGet();
		}

	}

}
