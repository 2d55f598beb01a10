package io.github.managedworkers.autoconfigure.dashboard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

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

}
