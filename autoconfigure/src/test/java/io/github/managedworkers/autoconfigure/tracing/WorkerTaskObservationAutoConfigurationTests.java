package io.github.managedworkers.autoconfigure.tracing;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.managedworkers.Task;
import io.github.managedworkers.TaskOutcome;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;
import io.github.managedworkers.autoconfigure.observation.DefaultWorkerTaskObservationConvention;
import io.github.managedworkers.autoconfigure.observation.ManagedWorkersObservationAutoConfiguration;
import io.github.managedworkers.autoconfigure.observation.ObservationTaskDecorator;
import io.github.managedworkers.autoconfigure.observation.WorkerTaskObservationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkerTaskObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ManagedWorkersAutoConfiguration.class, ManagedWorkersObservationAutoConfiguration.class));

	@Test
	void withoutAnObservationRegistryTasksAreNotObserved() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(ObservationTaskDecorator.class));
	}

	@Test
	void aNoopRegistryLeavesTasksAsTheyAre() {
		Task<String> task = (ctx) -> "as is";
		assertThat(new ObservationTaskDecorator(ObservationRegistry.NOOP, null).decorate(task)).isSameAs(task);
	}

	@Test
	void withOnlyTheMetricsHandlersTasksAreSubmittedAsTheyAre() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(DefaultMeterObservationHandler.class);
				Task<String> task = (ctx) -> "as is";
				assertThat(context.getBean(ObservationTaskDecorator.class).decorate(task)).isSameAs(task);
			});
	}

	@Test
	void anObservationHandlerBeanOfTheApplicationSeesEachTask() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withUserConfiguration(RecordingHandler.class)
			.run((context) -> {
				WorkerHandle worker = context.getBean(WorkerRegistry.class)
					.register(WorkerSpec.builder("billing").build());
				worker.start();
				assertThat(worker.submit((ctx) -> "billed")).succeedsWithin(Duration.ofMinutes(1));
				Queue<WorkerTaskObservationContext> stopped = context.getBean(RecordingHandler.class).stopped;
				await().atMost(Duration.ofMinutes(1)).until(() -> !stopped.isEmpty());
				WorkerTaskObservationContext observed = stopped.remove();
				assertThat(observed.getWorker()).isEqualTo("billing");
				assertThat(observed.getOutcome()).isEqualTo(TaskOutcome.COMPLETED);
			});
	}

	@Test
	void aUserConventionRenamesAndAddsKeys() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withUserConfiguration(Tracing.class, TenantConvention.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ObservationTaskDecorator.class);
				WorkerRegistry registry = context.getBean(WorkerRegistry.class);
				WorkerHandle worker = registry.register(WorkerSpec.builder("billing").build());
				worker.start();
				assertThat(worker.submit((ctx) -> "billed")).succeedsWithin(Duration.ofMinutes(1));
				SimpleSpan span = context.getBean(SimpleTracer.class).onlySpan();
				assertThat(span.getName()).isEqualTo("billing run");
				assertThat(span.getTags()).containsEntry("tenant", "acme")
					.containsEntry("worker", "billing")
					.containsEntry("outcome", "completed");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Tracing {

		@Bean
		SimpleTracer tracer() {
			return new SimpleTracer();
		}

		@Bean
		DefaultTracingObservationHandler tracingObservationHandler(SimpleTracer tracer) {
			return new DefaultTracingObservationHandler(tracer);
		}

	}

	/** An application's own handler, for the tasks' observations only. */
	static class RecordingHandler implements ObservationHandler<WorkerTaskObservationContext> {

		final Queue<WorkerTaskObservationContext> stopped = new ConcurrentLinkedQueue<>();

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof WorkerTaskObservationContext;
		}

		@Override
		public void onStop(WorkerTaskObservationContext context) {
			this.stopped.add(context);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TenantConvention {

		@Bean
		DefaultWorkerTaskObservationConvention tenantConvention() {
			return new DefaultWorkerTaskObservationConvention() {

				@Override
				public String getContextualName(WorkerTaskObservationContext context) {
					return context.getWorker() + " run";
				}

				@Override
				public KeyValues getLowCardinalityKeyValues(WorkerTaskObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and(KeyValue.of("tenant", "acme"));
				}

			};
		}

	}

}
