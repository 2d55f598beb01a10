package io.github.managedworkers.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Carries the submitter's context to submitted tasks: through Micrometer's context-propagation library when present,
 * else the logging MDC alone. Always applied, outside the application's task decorators (see
 * {@link WorkerTaskDecorators}), unless {@code managed-workers.context-propagation=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "managed-workers.context-propagation", matchIfMissing = true)
class ContextPropagationConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.context.ContextSnapshotFactory")
	static class ContextSnapshotConfiguration {

		@Bean
		ContextPropagation workerContextPropagation() {
			return new ContextPropagation(new ContextSnapshotTaskDecorator());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("io.micrometer.context.ContextSnapshotFactory")
	static class MdcConfiguration {

		@Bean
		ContextPropagation workerContextPropagation() {
			return new ContextPropagation(new MdcTaskDecorator());
		}

	}

}
