package io.github.managedworkers.autoconfigure.endpoint;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import io.github.managedworkers.WorkerHandle;

/**
 * The {@code resize} action: a new bulkhead limit, in force at once, within the ceiling an operator may set
 * ({@code management.endpoint.workers.max-concurrency-limit}).
 */
final class WorkerResize {

	private WorkerResize() {
	}

	/**
	 * Reads the requested limit.
	 * @param value the request's {@code maxConcurrency}, as text
	 * @param ceiling the highest limit allowed
	 * @return the limit
	 * @throws InvalidEndpointRequestException naming the value and what is allowed, if it is missing, not an integer,
	 * less than 1 or above the ceiling
	 */
	static int parseLimit(@Nullable String value, int ceiling) {
		String allowed = "allowed is an integer from 1 to " + ceiling
				+ " (management.endpoint.workers.max-concurrency-limit)";
		if (value == null || value.isBlank()) {
			throw invalid("Missing maxConcurrency: resize needs {\"action\": \"resize\", \"maxConcurrency\": n}, "
					+ "where " + allowed);
		}
		long limit;
		try {
			limit = Long.parseLong(value.strip());
		}
		catch (NumberFormatException ex) {
			throw invalid("Invalid maxConcurrency '" + EchoedValue.of(value) + "': " + allowed);
		}
		if (limit < 1 || limit > ceiling) {
			throw invalid("Invalid maxConcurrency " + limit + ": " + allowed);
		}
		return (int) limit;
	}

	static ResizeDescriptor apply(WorkerHandle worker, int limit) {
		int previous = worker.snapshot().maxConcurrency();
		try {
			worker.resize(limit);
		}
		catch (IllegalStateException ex) {
			throw new InvalidEndpointRequestException("Cannot resize worker '" + worker.name() + "': " + ex.getMessage(),
					"Invalid action for this worker");
		}
		return new ResizeDescriptor(worker.name(), "resize", worker.state().name(), previous, limit);
	}

	private static InvalidEndpointRequestException invalid(String message) {
		return new InvalidEndpointRequestException(message, "Invalid maxConcurrency");
	}

}
