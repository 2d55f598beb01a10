package io.github.managedworkers.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

/**
 * Auto-configuration of the {@code workers} health contributor, when Spring Boot's health support is on the class
 * path and {@code management.health.workers.enabled} is not {@code false}.
 */
@AutoConfiguration(after = ManagedWorkersAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator")
@ConditionalOnBean(WorkerRegistry.class)
@EnableConfigurationProperties(WorkersHealthProperties.class)
public final class ManagedWorkersHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "workersHealthIndicator")
	@ConditionalOnEnabledHealthIndicator("workers")
	WorkersHealthIndicator workersHealthIndicator(WorkerRegistry registry, WorkersHealthProperties properties) {
		return new WorkersHealthIndicator(registry, properties.isDownWhenStuck());
	}

}
