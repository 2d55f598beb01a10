package io.github.managedworkers.autoconfigure.endpoint;

import java.security.Principal;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;

import io.github.managedworkers.WorkerHandle;

/**
 * The {@code resize} action: a new bulkhead limit, in force at once, and an INFO line saying who asked and what the
 * limit was before, for the audit trail an operator's change deserves.
 */
final class WorkerResize {

	private static final Logger logger = LoggerFactory.getLogger(WorkersEndpoint.class);

	private WorkerResize() {
	}

	/**
	 * Reads the requested limit.
	 * @param value the request's {@code maxConcurrency}, as text
	 * @return the limit
	 * @throws InvalidEndpointRequestException naming the value and what is allowed, if it is missing, not an integer,
	 * or less than 1
	 */
	static int parseLimit(@Nullable String value) {
		if (value == null || value.isBlank()) {
			throw invalid("Missing maxConcurrency: resize needs {\"action\": \"resize\", \"maxConcurrency\": n} "
					+ "with n an integer of 1 or more");
		}
		int limit;
		try {
			limit = Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw invalid("Invalid maxConcurrency '" + value + "': allowed is an integer of 1 or more");
		}
		if (limit < 1) {
			throw invalid("Invalid maxConcurrency " + limit + ": allowed is an integer of 1 or more");
		}
		return limit;
	}

	static ResizeDescriptor apply(WorkerHandle worker, int limit, SecurityContext security) {
		int previous = worker.snapshot().maxConcurrency();
		try {
			worker.resize(limit);
		}
		catch (IllegalStateException ex) {
			throw new InvalidEndpointRequestException("Cannot resize worker '" + worker.name() + "': " + ex.getMessage(),
					"Invalid action for this worker");
		}
		Principal principal = security.getPrincipal();
		String who = (principal != null) ? "'" + principal.getName() + "'" : "an unauthenticated caller";
		logger.info("Worker '{}' resized by {}: maxConcurrency {} -> {}", worker.name(), who, previous, limit);
		return new ResizeDescriptor(worker.name(), "resize", worker.state().name(), previous, limit);
	}

	private static InvalidEndpointRequestException invalid(String message) {
		return new InvalidEndpointRequestException(message, "Invalid maxConcurrency");
	}

}
