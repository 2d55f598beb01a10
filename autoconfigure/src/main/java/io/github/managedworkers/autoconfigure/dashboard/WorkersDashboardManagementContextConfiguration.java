package io.github.managedworkers.autoconfigure.dashboard;

import java.time.Duration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import io.github.managedworkers.autoconfigure.endpoint.WorkersEndpoint;

/**
 * Serves the workers dashboard from the management context: the main one, or the child one of a separate management
 * port, under the management base path, as Spring Boot serves its own endpoints. Only while the {@code workers}
 * endpoint is available over HTTP: a page whose data is not exposed has nothing to show. Spring MVC only.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBean({ WorkersEndpoint.class, WebEndpointsSupplier.class })
@ConditionalOnAvailableEndpoint(endpoint = WorkersEndpoint.class, exposure = EndpointExposure.WEB)
@ConditionalOnBooleanProperty(name = "managed-workers.dashboard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WorkersDashboardProperties.class)
public class WorkersDashboardManagementContextConfiguration {

	@Bean
	RouterFunction<ServerResponse> workersDashboardRoutes(WebEndpointProperties endpoints,
			WebEndpointsSupplier webEndpoints, WorkersDashboardProperties properties, Environment environment) {
		Duration refresh = properties.validRefreshInterval(environment);
		return new WorkersDashboard(webEndpoints, refresh).routes(endpoints.getBasePath());
	}

}
