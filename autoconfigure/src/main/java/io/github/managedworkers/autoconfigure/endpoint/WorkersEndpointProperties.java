package io.github.managedworkers.autoconfigure.endpoint;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the {@code workers} actuator endpoint.
 */
@ConfigurationProperties("management.endpoint.workers")
public class WorkersEndpointProperties {

	/**
	 * When to show the stacks of live tasks: never, when-authorized (an authenticated user, in one of the roles if
	 * roles are set) or always. Stacks show what the code is doing, so they are treated like health details.
	 */
	private Show showStacks = Show.WHEN_AUTHORIZED;

	/**
	 * Roles allowed to see stacks when show-stacks is when-authorized; empty means any authenticated user.
	 */
	private Set<String> roles = new HashSet<>();

	/**
	 * Most frames shown per stack.
	 */
	private int maxFrames = 64;

	/**
	 * Most tasks listed per worker when the request gives no limit.
	 */
	private int taskLimit = 1000;

	public Show getShowStacks() {
		return this.showStacks;
	}

	public void setShowStacks(Show showStacks) {
		this.showStacks = showStacks;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

	public int getMaxFrames() {
		return this.maxFrames;
	}

	public void setMaxFrames(int maxFrames) {
		this.maxFrames = maxFrames;
	}

	public int getTaskLimit() {
		return this.taskLimit;
	}

	public void setTaskLimit(int taskLimit) {
		this.taskLimit = taskLimit;
	}

}
