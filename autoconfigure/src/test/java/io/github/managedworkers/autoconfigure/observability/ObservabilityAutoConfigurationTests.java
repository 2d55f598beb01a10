package io.github.managedworkers.autoconfigure.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.InvalidManagedWorkerException;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;
import io.github.managedworkers.autoconfigure.endpoint.ManagedWorkersEndpointAutoConfiguration;
import io.github.managedworkers.autoconfigure.endpoint.WorkersEndpoint;
import io.github.managedworkers.autoconfigure.endpoint.WorkersEndpointWebExtension;
import io.github.managedworkers.autoconfigure.health.ManagedWorkersHealthAutoConfiguration;
import io.github.managedworkers.autoconfigure.health.WorkersHealthIndicator;
import io.github.managedworkers.autoconfigure.metrics.ManagedWorkersMetricsAutoConfiguration;
import io.github.managedworkers.autoconfigure.metrics.WorkerMetrics;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class,
				ManagedWorkersEndpointAutoConfiguration.class, ManagedWorkersHealthAutoConfiguration.class,
				ManagedWorkersMetricsAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=workers");

	@Test
	void theEndpointHealthAndMetricsAreConfiguredWhenTheirLibrariesArePresent() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WorkersEndpoint.class)
				.hasSingleBean(WorkersEndpointWebExtension.class)
				.hasSingleBean(WorkersHealthIndicator.class)
				.hasSingleBean(WorkerMetrics.class);
		});
	}

	@Test
	void aBadEndpointLimitFailsStartupNamingTheKeyTheValueAndWhatIsAllowed() {
		this.contextRunner.withPropertyValues("management.endpoint.workers.max-concurrency-limit=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidManagedWorkerException.class)
				.hasMessage("Invalid value '0' for management.endpoint.workers.max-concurrency-limit: allowed is an "
						+ "integer of 1 or more."));
		this.contextRunner.withPropertyValues("management.endpoint.workers.unowned-dump-limit=-1MB")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("Invalid value '-1048576B' for management.endpoint.workers.unowned-dump-limit"));
	}

	@Test
	void theEndpointBacksOffWhenItIsNotExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(WorkersEndpoint.class));
	}

	@Test
	void theHealthCheckCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("management.health.workers.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WorkersHealthIndicator.class));
	}

	@Test
	void withoutTheActuatorWorkersStillRun() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
					"org.springframework.boot.health"))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(WorkerRegistry.class);
				assertThat(context).doesNotHaveBean(WorkersEndpoint.class).doesNotHaveBean(WorkersHealthIndicator.class);
			});
	}

	@Test
	void withoutMicrometerWorkersStillRun() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core")).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(WorkerRegistry.class);
			assertThat(context).doesNotHaveBean(WorkerMetrics.class);
		});
	}

	@Test
	void turningManagedWorkersOffTurnsObservabilityOffToo() {
		this.contextRunner.withPropertyValues("managed-workers.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(WorkersEndpoint.class)
				.doesNotHaveBean(WorkersHealthIndicator.class)
				.doesNotHaveBean(WorkerMetrics.class);
		});
	}

	@Test
	void metricsAreBoundToAMeterRegistryForWorkersRegisteredBeforeBinding() {
		this.contextRunner.withUserConfiguration(TwoWorkers.class).run((context) -> {
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(WorkerMetrics.class).bindTo(meters);
			assertThat(meters.find("workers.tasks.active").tag("worker", "jobs").gauge()).isNotNull();
			assertThat(meters.find("workers.tasks").tag("worker", "fragile").counters()).hasSize(4);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoWorkers {

		@ManagedWorker(name = "jobs", every = "1h")
		void jobs() {
		}

		@ManagedWorker(name = "fragile", every = "1h")
		void fragile() {
		}

	}

}
