package io.github.managedworkers.autoconfigure.endpoint;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.github.managedworkers.autoconfigure.InvalidManagedWorkerException;

/**
 * Configuration properties for the {@code workers} actuator endpoint.
 */
@ConfigurationProperties("management.endpoint.workers")
public class WorkersEndpointProperties {

	/**
	 * When to show the stacks of live tasks, the messages of failures and the unowned threads by name and stack: never,
	 * when-authorized (an authenticated user, in one of the roles if roles are set) or always.
	 */
	private Show showStacks = Show.WHEN_AUTHORIZED;

	/**
	 * Roles allowed to see what show-stacks guards when it is when-authorized; empty means any authenticated user.
	 */
	private Set<String> roles = new HashSet<>();

	/**
	 * Most frames shown per stack.
	 */
	private int maxFrames = 64;

	/**
	 * Most tasks listed or grouped by stack per worker; a request's limit may ask for fewer.
	 */
	private int taskLimit = 1000;

	/**
	 * Highest maxConcurrency a resize may set.
	 */
	private int maxConcurrencyLimit = 10_000;

	/**
	 * Most bytes of the JVM's thread dump read for the unowned view; the virtual threads past them are not listed.
	 */
	private DataSize unownedDumpLimit = DataSize.ofMegabytes(128);

	/**
	 * Fails startup on a value no request could be served with.
	 * @throws InvalidManagedWorkerException naming the key, the value and what is allowed
	 */
	void validate() {
		atLeast("max-frames", this.maxFrames, 0);
		atLeast("task-limit", this.taskLimit, 0);
		atLeast("max-concurrency-limit", this.maxConcurrencyLimit, 1);
		if (this.unownedDumpLimit.isNegative()) {
			throw invalid("unowned-dump-limit", this.unownedDumpLimit, "a size of 0 or more, such as 128MB");
		}
	}

	private static void atLeast(String key, int value, int least) {
		if (value < least) {
			throw invalid(key, value, "an integer of " + least + " or more");
		}
	}

	private static InvalidManagedWorkerException invalid(String key, Object value, String allowed) {
		String fullKey = "management.endpoint.workers." + key;
		return new InvalidManagedWorkerException("Invalid value '" + value + "' for " + fullKey + ": allowed is "
				+ allowed + ".", "Update " + fullKey + " in your application's configuration to " + allowed + ".");
	}

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

	public int getMaxConcurrencyLimit() {
		return this.maxConcurrencyLimit;
	}

	public void setMaxConcurrencyLimit(int maxConcurrencyLimit) {
		this.maxConcurrencyLimit = maxConcurrencyLimit;
	}

	public DataSize getUnownedDumpLimit() {
		return this.unownedDumpLimit;
	}

	public void setUnownedDumpLimit(DataSize unownedDumpLimit) {
		this.unownedDumpLimit = unownedDumpLimit;
	}

	public int getTaskLimit() {
		return this.taskLimit;
	}

	public void setTaskLimit(int taskLimit) {
		this.taskLimit = taskLimit;
	}

}
