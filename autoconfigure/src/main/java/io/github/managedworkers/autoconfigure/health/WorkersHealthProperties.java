package io.github.managedworkers.autoconfigure.health;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the {@code workers} health contributor.
 */
@ConfigurationProperties("management.health.workers")
public class WorkersHealthProperties {

	/**
	 * Whether a task that runs longer than its worker's stuck-after makes the health DOWN; otherwise it is only
	 * listed in the details.
	 */
	private boolean downWhenStuck;

	public boolean isDownWhenStuck() {
		return this.downWhenStuck;
	}

	public void setDownWhenStuck(boolean downWhenStuck) {
		this.downWhenStuck = downWhenStuck;
	}

}
