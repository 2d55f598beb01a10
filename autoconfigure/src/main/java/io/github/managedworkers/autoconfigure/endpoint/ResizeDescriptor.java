package io.github.managedworkers.autoconfigure.endpoint;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The result of a {@code resize} action.
 *
 * @param name the worker
 * @param action {@code resize}
 * @param state the worker's state
 * @param previousMaxConcurrency the limit before
 * @param maxConcurrency the limit now in force
 */
public record ResizeDescriptor(String name, String action, String state, int previousMaxConcurrency,
		int maxConcurrency) implements OperationResponseBody {
}
