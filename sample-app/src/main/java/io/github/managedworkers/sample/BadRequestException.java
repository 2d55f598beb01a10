package io.github.managedworkers.sample;

/**
 * A request the service refuses: the message names the field and what is allowed.
 */
public class BadRequestException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public BadRequestException(String message) {
		super(message);
	}

}
