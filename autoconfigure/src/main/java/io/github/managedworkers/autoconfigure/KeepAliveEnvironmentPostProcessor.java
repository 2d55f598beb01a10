package io.github.managedworkers.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps a service whose only work is its workers alive. Worker threads are daemon threads (virtual threads always
 * are), so without a web server the JVM would exit as soon as {@code main} returns; this defaults Spring Boot's own
 * {@code spring.main.keep-alive} to {@code true}, which holds one non-daemon thread from refresh to close. An
 * application that sets the property itself, or turns managed workers off, keeps its own choice.
 */
class KeepAliveEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String KEEP_ALIVE = "spring.main.keep-alive";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean enabled = environment.getProperty("managed-workers.enabled", Boolean.class, true);
		if (enabled && !environment.containsProperty(KEEP_ALIVE)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("managedWorkersKeepAlive", Map.of(KEEP_ALIVE, "true")));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE; // after application.properties and friends are loaded
	}

}
