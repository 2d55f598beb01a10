package io.github.managedworkers.autoconfigure.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard's three files: the page, its script and its style, read once from this jar. The page is told where the
 * {@code workers} endpoint is (relative to itself, so a custom base path, a separate management port or a proxy's
 * prefix change nothing) and whether its write operation is mapped: with read-only access there is none, and the
 * page shows no action controls.
 */
final class WorkersDashboard {

	/** The dashboard's folder, under the management base path. */
	static final String PATH = "/workers-dashboard";

	private static final String FOLDER = "META-INF/managed-workers/dashboard/";

	private static final EndpointId WORKERS = EndpointId.of("workers");

	// The page runs only its own script and style, reads only its own origin, and is never framed (its buttons steer
	// workers: no click-jacking).
	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

	private final String page;

	private final byte[] script;

	private final byte[] style;

	private final WebEndpointsSupplier endpoints;

	private final Duration refreshInterval;

	/**
	 * Creates the dashboard.
	 * @param endpoints the web endpoints as mapped (with the operations their access allows), among them
	 * {@code workers}
	 * @param refreshInterval how often the page reads the endpoint
	 */
	WorkersDashboard(WebEndpointsSupplier endpoints, Duration refreshInterval) {
		this.endpoints = endpoints;
		this.refreshInterval = refreshInterval;
		this.page = new String(read("index.html"), StandardCharsets.UTF_8);
		this.script = read("dashboard.js");
		this.style = read("dashboard.css");
	}

	/**
	 * The routes of the dashboard under a base path.
	 * @param basePath the management base path ({@code /actuator}, or empty)
	 * @return the routes
	 */
	RouterFunction<ServerResponse> routes(String basePath) {
		String folder = basePath + PATH;
		return RouterFunctions.route()
			// Relative, so that the browser resolves it against the URL it used (a proxy's prefix included).
			.GET(folder, (request) -> ServerResponse.status(302)
				.header(HttpHeaders.LOCATION, PATH.substring(1) + "/")
				.build())
			// The page is never cached: it says whether actions are allowed, which a restart may change.
			.GET(folder + "/", (request) -> file("html", CacheControl.noStore()).body(page()))
			.GET(folder + "/dashboard.js", (request) -> file("javascript", CacheControl.noCache()).body(this.script))
			.GET(folder + "/dashboard.css", (request) -> file("css", CacheControl.noCache()).body(this.style))
			.build();
	}

	/**
	 * The page, told where the endpoint is, whether it takes actions and how often to read it.
	 * @return the page's HTML
	 */
	String page() {
		ExposableWebEndpoint workers = this.endpoints.getEndpoints()
			.stream()
			.filter((endpoint) -> endpoint.getEndpointId().equals(WORKERS))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The workers endpoint is not mapped over HTTP"));
		boolean writable = workers.getOperations()
			.stream()
			.anyMatch((operation) -> operation.getType() == OperationType.WRITE);
		return this.page.replace("{{endpoint}}", HtmlUtils.htmlEscape("../" + workers.getRootPath()))
			.replace("{{writable}}", Boolean.toString(writable))
			.replace("{{refresh}}", Long.toString(this.refreshInterval.toMillis()));
	}

	private static ServerResponse.BodyBuilder file(String textSubtype, CacheControl cache) {
		return ServerResponse.ok()
			.contentType(new MediaType("text", textSubtype, StandardCharsets.UTF_8))
			.cacheControl(cache)
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.header("X-Content-Type-Options", "nosniff")
			.header("X-Frame-Options", "DENY")
			.header("Referrer-Policy", "no-referrer");
	}

	private static byte[] read(String name) {
		try (InputStream in = new ClassPathResource(FOLDER + name, WorkersDashboard.class.getClassLoader())
			.getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The dashboard's " + name + " is missing from the jar", ex);
		}
	}

}
