package io.github.managedworkers.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * A managed worker cannot start as configured: the message says what is wrong and where, the action what to do.
 * {@link ManagedWorkersFailureAnalyzer} turns it into Spring Boot's startup failure report.
 */
public class InvalidManagedWorkerException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String action;

	/**
	 * Creates an exception.
	 * @param description what is wrong, naming the key or bean, the value and what is allowed
	 * @param action what to do about it
	 * @param cause the underlying failure, if any
	 */
	public InvalidManagedWorkerException(String description, String action, Throwable cause) {
		super(description, cause);
		this.action = action;
	}

	/**
	 * Creates an exception.
	 * @param description what is wrong, naming the key or bean, the value and what is allowed
	 * @param action what to do about it
	 */
	public InvalidManagedWorkerException(String description, String action) {
		super(description);
		this.action = action;
	}

	/**
	 * A bad value of a property.
	 * @param key the full property key
	 * @param value the value as given
	 * @param allowed what is allowed
	 * @param cause the underlying failure
	 * @return the exception
	 */
	static InvalidManagedWorkerException property(String key, @Nullable Object value, String allowed, Throwable cause) {
		return new InvalidManagedWorkerException("Invalid value '" + value + "' for " + key + ": allowed is " + allowed
				+ ".", "Update " + key + " in your application's configuration to " + allowed + ".", cause);
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
