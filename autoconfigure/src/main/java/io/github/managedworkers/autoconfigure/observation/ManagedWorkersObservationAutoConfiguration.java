package io.github.managedworkers.autoconfigure.observation;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

/**
 * Auto-configuration of an observation per task and body run, when an {@link ObservationRegistry} is present and a
 * handler other than the metrics ones would see it: with tracing on, a span per task under the request that submitted
 * it.
 */
@AutoConfiguration(after = ManagedWorkersAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
@ConditionalOnBean(ObservationRegistry.class)
public final class ManagedWorkersObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	ObservationTaskDecorator observationTaskDecorator(ObservationRegistry registry,
			ObjectProvider<WorkerTaskObservationConvention> convention, ObjectProvider<ObservationHandler<?>> handlers) {
		return new ObservationTaskDecorator(registry, convention.getIfUnique(), new WatchingHandlers(handlers));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.observation.MeterObservationHandler")
	static class MeterHandlerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		WorkerTaskMeterObservationHandler workerTaskMeterObservationHandler() {
			return new WorkerTaskMeterObservationHandler();
		}

	}

}
