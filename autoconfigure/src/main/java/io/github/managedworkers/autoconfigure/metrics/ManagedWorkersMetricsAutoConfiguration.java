package io.github.managedworkers.autoconfigure.metrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

/**
 * Auto-configuration of worker metrics, when Micrometer is on the class path. The metrics are a
 * {@link io.github.managedworkers.WorkerListener} of the registry and a
 * {@link io.micrometer.core.instrument.binder.MeterBinder} that Spring Boot binds to its meter registry.
 */
@AutoConfiguration(after = ManagedWorkersAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(WorkerRegistry.class)
public final class ManagedWorkersMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WorkerMetrics workerMetrics(ObjectProvider<WorkerRegistry> registry) {
		return new WorkerMetrics(registry::getObject);
	}

	@Bean
	@ConditionalOnMissingBean
	UnownedThreadsMetrics unownedThreadsMetrics(ObjectProvider<WorkerRegistry> registry) {
		return new UnownedThreadsMetrics(registry::getObject);
	}

	@Bean
	@ConditionalOnMissingBean
	LeadershipMetrics leadershipMetrics(ObjectProvider<WorkerRegistry> registry) {
		return new LeadershipMetrics(registry::getObject);
	}

}
