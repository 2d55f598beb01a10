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
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import io.github.managedworkers.autoconfigure.InvalidManagedWorkerException;
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

	private static final String REFRESH_KEY = "managed-workers.dashboard.refresh-interval";

	@Bean
	RouterFunction<ServerResponse> workersDashboardRoutes(WebEndpointProperties endpoints,
			WebEndpointsSupplier webEndpoints, WorkersDashboardProperties properties) {
		Duration refresh = validRefresh(properties.getRefreshInterval());
		return new WorkersDashboard(webEndpoints, refresh).routes(endpoints.getBasePath());
	}

	private static Duration validRefresh(Duration refresh) {
		if (refresh.compareTo(WorkersDashboardProperties.MIN_REFRESH) < 0
				|| refresh.compareTo(WorkersDashboardProperties.MAX_REFRESH) > 0) {
			String allowed = "a duration from 500ms to 1m";
			throw new InvalidManagedWorkerException(
					"Invalid value '" + refresh + "' for " + REFRESH_KEY + ": allowed is " + allowed + ".",
					"Update " + REFRESH_KEY + " in your application's configuration to " + allowed + ".");
		}
		return refresh;
	}

}
