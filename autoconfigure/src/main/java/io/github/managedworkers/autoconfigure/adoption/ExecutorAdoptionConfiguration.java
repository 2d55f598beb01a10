package io.github.managedworkers.autoconfigure.adoption;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.WorkerSources;
import io.github.managedworkers.autoconfigure.WorkerSpecResolver;

/**
 * The application's own executors and schedulers as workers named after their beans, unless
 * {@code managed-workers.adopt.executors=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "managed-workers.adopt.executors", matchIfMissing = true)
class ExecutorAdoptionConfiguration {

	@Bean
	static OwnedExecutors managedWorkersOwnedExecutors(ObjectProvider<WorkerRegistry> registry,
			ObjectProvider<WorkerSources> sources, ObjectProvider<WorkerSpecResolver> specs,
			ConfigurableListableBeanFactory beanFactory) {
		return new OwnedExecutors(registry, sources, specs, beanFactory);
	}

}
