package io.github.managedworkers;

import org.jspecify.annotations.Nullable;

/**
 * A worker was configured with a value that is not allowed. The message names the worker, the setting, the value
 * and what is allowed, so that configuration layers can point at the exact key.
 */
public class InvalidWorkerSpecException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String worker;

	private final String setting;

	private final @Nullable String value;

	private final String allowed;

	/**
	 * Creates an exception for one bad setting.
	 * @param worker the worker's name, or {@code null} for a registry-wide setting
	 * @param setting the setting, as {@link WorkerSpec.Builder} names it ({@code maxConcurrency})
	 * @param value the bad value as given
	 * @param allowed what is allowed instead
	 */
	public InvalidWorkerSpecException(@Nullable String worker, String setting, @Nullable Object value,
			String allowed) {
		super(((worker != null) ? "Worker '" + worker + "': invalid " : "Invalid ") + setting + " '" + value
				+ "'; allowed: " + allowed);
		this.worker = worker;
		this.setting = setting;
		this.value = (value != null) ? String.valueOf(value) : null;
		this.allowed = allowed;
	}

	/**
	 * The worker the setting belongs to.
	 * @return the worker's name, or {@code null} for a registry-wide setting
	 */
	public @Nullable String worker() {
		return this.worker;
	}

	/**
	 * The setting, as {@link WorkerSpec.Builder} names it.
	 * @return the setting
	 */
	public String setting() {
		return this.setting;
	}

	/**
	 * The bad value, as given.
	 * @return the value
	 */
	public @Nullable String value() {
		return this.value;
	}

	/**
	 * What is allowed instead.
	 * @return a description of the allowed values
	 */
	public String allowed() {
		return this.allowed;
	}

}
