package io.github.managedworkers.autoconfigure.endpoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;
import io.github.managedworkers.autoconfigure.WorkerSources;

/**
 * Auto-configuration of the {@code workers} actuator endpoint, when the actuator is on the class path and the
 * endpoint is available (exposed and not turned off).
 */
@AutoConfiguration(after = ManagedWorkersAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
@ConditionalOnBean(WorkerRegistry.class)
@EnableConfigurationProperties(WorkersEndpointProperties.class)
public final class ManagedWorkersEndpointAutoConfiguration {

	// The availability condition sits on the beans: its class is loaded only once the actuator is known present.

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(WorkersEndpoint.class)
	WorkersEndpoint workersEndpoint(WorkerRegistry registry, WorkersEndpointProperties properties,
			ObjectProvider<WorkerSources> sources, ObjectProvider<AuditEventRepository> auditEvents,
			ApplicationEventPublisher events) {
		properties.validate();
		// Boot's audit listener stores the events only when the application keeps a repository for them.
		WorkerActionAudit audit = new WorkerActionAudit(
				(auditEvents.getIfAvailable() != null) ? events::publishEvent : null);
		return new WorkersEndpoint(registry, properties, sources.getIfAvailable(WorkerSources::new), audit);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(WorkersEndpoint.class)
	WorkersEndpointWebExtension workersEndpointWebExtension(WorkersEndpoint endpoint) {
		return new WorkersEndpointWebExtension(endpoint);
	}

}
