package io.github.managedworkers.autoconfigure.observability;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.managedworkers.LeaseStore;
import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerState;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;
import io.github.managedworkers.autoconfigure.metrics.ManagedWorkersMetricsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leadership metrics of an exclusive worker: the ones the Grafana dashboard's leadership panels query.
 */
class LeadershipMetricsTests {

	@Test
	void theLeaderGaugeIsOneWhileLeadingAndChangesAreCountedByCause() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class,
					ManagedWorkersMetricsAutoConfiguration.class))
			.withUserConfiguration(Exclusive.class)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				context.getBean(io.github.managedworkers.autoconfigure.metrics.LeadershipMetrics.class).bindTo(meters);
				WorkerRegistry registry = context.getBean(WorkerRegistry.class);
				await().atMost(Duration.ofMinutes(1))
					.until(() -> registry.get("reaper").state() == WorkerState.RUNNING);
				await().atMost(Duration.ofMinutes(1))
					.until(() -> meters.get("workers.leader").tag("worker", "reaper").gauge().value() == 1.0);
				// Bound after the start here (no metrics auto-configuration): the changes from now on are counted.
				registry.get("reaper").stop();
				await().atMost(Duration.ofMinutes(1))
					.until(() -> meters.find("workers.leadership.changes").tag("cause", "released").counter() != null);
				assertThat(meters.get("workers.leader").tag("worker", "reaper").gauge().value()).isZero();
				registry.get("reaper").start();
				await().atMost(Duration.ofMinutes(1))
					.until(() -> meters.find("workers.leadership.changes").tag("cause", "granted").counter() != null);
				await().atMost(Duration.ofMinutes(1))
					.until(() -> meters.get("workers.leader").tag("worker", "reaper").gauge().value() == 1.0);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Exclusive {

		@ManagedWorker(name = "reaper", every = "50ms", exclusive = true)
		void reap(WorkerContext ctx) {
		}

		/** A store of one instance: it always wins. */
		@Bean
		LeaseStore leaseStore() {
			return new LeaseStore() {
				@Override
				public boolean tryAcquire(String key, Duration ttl) {
					return true;
				}

				@Override
				public boolean renew(String key, Duration ttl) {
					return true;
				}

				@Override
				public void release(String key) {
				}
			};
		}

	}

}
