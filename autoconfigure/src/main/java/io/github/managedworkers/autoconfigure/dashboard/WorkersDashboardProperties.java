package io.github.managedworkers.autoconfigure.dashboard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import io.github.managedworkers.autoconfigure.InvalidManagedWorkerException;

/**
 * Configuration properties of the workers dashboard.
 */
@ConfigurationProperties("managed-workers.dashboard")
public class WorkersDashboardProperties {

	/** The shortest refresh interval allowed: below it the page would mostly measure itself. */
	static final Duration MIN_REFRESH = Duration.ofMillis(500);

	/** The longest refresh interval allowed: above it the page is no longer live. */
	static final Duration MAX_REFRESH = Duration.ofMinutes(1);

	/**
	 * Whether to serve the workers dashboard, at workers-dashboard/ under the management base path, while the workers
	 * endpoint is exposed over HTTP.
	 */
	private boolean enabled = true;

	/**
	 * How often the dashboard reads the workers endpoint again, from 500ms to 1m.
	 */
	private Duration refreshInterval = Duration.ofSeconds(2);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	/**
	 * The refresh interval, checked against what is allowed.
	 * @param environment the environment, for the value as it was written
	 * @return the refresh interval
	 * @throws InvalidManagedWorkerException naming the key and the value when it is out of range
	 */
	public Duration validRefreshInterval(Environment environment) {
		Duration refresh = this.refreshInterval;
		if (refresh.compareTo(MIN_REFRESH) < 0 || refresh.compareTo(MAX_REFRESH) > 0) {
			String key = "managed-workers.dashboard.refresh-interval";
			String allowed = "a duration from 500ms to 1m";
			String written = environment.getProperty(key);
			throw new InvalidManagedWorkerException(
					"Invalid value '" + ((written != null) ? written : refresh) + "' for " + key + ": allowed is "
							+ allowed + ".",
					"Update " + key + " in your application's configuration to " + allowed + ".");
		}
		return refresh;
	}

	/**
	 * Checks the dashboard's properties as written, whether or not the dashboard is served: a bad value fails startup
	 * of any application, not only of the one that exposes the endpoint over HTTP.
	 * @param environment the environment
	 */
	public static void validate(Environment environment) {
		Binder.get(environment)
			.bindOrCreate("managed-workers.dashboard", WorkersDashboardProperties.class)
			.validRefreshInterval(environment);
	}

}
