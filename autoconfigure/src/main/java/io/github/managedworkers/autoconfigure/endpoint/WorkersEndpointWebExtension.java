package io.github.managedworkers.autoconfigure.endpoint;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code workers} endpoint over HTTP: an unknown worker is a 404 whose body lists the known ones, and a bad
 * parameter a 400 whose body says what is allowed (Spring Boot's error page hides messages by default).
 */
@EndpointWebExtension(endpoint = WorkersEndpoint.class)
public class WorkersEndpointWebExtension {

	private final WorkersEndpoint endpoint;

	/**
	 * Creates the extension.
	 * @param endpoint the endpoint it extends
	 */
	public WorkersEndpointWebExtension(WorkersEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Every worker, as {@link WorkersEndpoint#workers(SecurityContext)}, or with {@code ?view=unowned} the live threads the registry
	 * does not own, as {@link WorkersEndpoint#unownedThreads(String, SecurityContext)}.
	 * @param view {@code unowned}, or {@code null}
	 * @param security who asks
	 * @return the workers, the unowned threads, a 400, or a 429 while another request takes the JVM's thread dump
	 */
	@ReadOperation
	public WebEndpointResponse<Object> workers(@Nullable String view, SecurityContext security) {
		try {
			return new WebEndpointResponse<>(
					(view != null) ? this.endpoint.unownedThreads(view, security) : this.endpoint.workers(security));
		}
		catch (InvalidEndpointRequestException ex) {
			return badRequest(ex);
		}
		catch (UnownedThreads.DumpInProgressException ex) {
			return new WebEndpointResponse<>(Map.of("error", ex.getMessage()),
					WebEndpointResponse.STATUS_TOO_MANY_REQUESTS);
		}
	}

	/**
	 * One worker with its live tasks, as {@link WorkersEndpoint#worker}.
	 * @param name the worker's name
	 * @param group {@code stack}, or {@code null}
	 * @param limit the most tasks to list, or {@code null}
	 * @param view {@code tree}, or {@code null}
	 * @param security who asks
	 * @return the worker, a 404 or a 400
	 */
	@ReadOperation
	public WebEndpointResponse<Object> worker(@Selector String name, @Nullable String group, @Nullable Integer limit,
			@Nullable String view, SecurityContext security) {
		try {
			return orNotFound(name, this.endpoint.worker(name, group, limit, view, security));
		}
		catch (InvalidEndpointRequestException ex) {
			return badRequest(ex);
		}
	}

	/**
	 * Stops, starts, restarts, pauses, resumes, triggers or resizes a worker, as {@link WorkersEndpoint#action}.
	 * @param name the worker's name
	 * @param action {@code stop}, {@code start}, {@code restart}, {@code pause}, {@code resume}, {@code trigger} or
	 * {@code resize}
	 * @param maxConcurrency the new limit of a {@code resize}
	 * @param security who asks
	 * @return the result, a 404 or a 400
	 */
	@WriteOperation
	public WebEndpointResponse<Object> action(@Selector String name, String action, @Nullable String maxConcurrency,
			SecurityContext security) {
		try {
			return orNotFound(name, this.endpoint.action(name, action, maxConcurrency, security));
		}
		catch (InvalidEndpointRequestException ex) {
			return badRequest(ex);
		}
	}

	private WebEndpointResponse<Object> orNotFound(String name, @Nullable Object body) {
		if (body != null) {
			return new WebEndpointResponse<>(body);
		}
		List<String> known = this.endpoint.workerNames();
		return new WebEndpointResponse<>(
				Map.of("error", "No worker named '" + EchoedValue.of(name) + "'; known workers: " + known, "knownWorkers", known),
				WebEndpointResponse.STATUS_NOT_FOUND);
	}

	private static WebEndpointResponse<Object> badRequest(InvalidEndpointRequestException ex) {
		return new WebEndpointResponse<>(Map.of("error", ex.getMessage()), WebEndpointResponse.STATUS_BAD_REQUEST);
	}

}
