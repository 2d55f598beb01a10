package io.github.managedworkers.autoconfigure.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import io.github.managedworkers.autoconfigure.InvalidManagedWorkerException;
import io.github.managedworkers.autoconfigure.observability.ObservedApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The dashboard's files over real HTTP, and when it is served. What the page does is tested in a browser, over the
 * sample app.
 */
@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=workers",
				"management.endpoint.workers.access=unrestricted" })
@DirtiesContext
class WorkersDashboardTests {

	@LocalServerPort
	int port;

	@Test
	void thePageIsServedBesideTheEndpointToldWhereItIsAndThatItTakesActions() throws IOException {
		Response page = get(this.port, "/actuator/workers-dashboard/");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
		assertThat(page.body()).contains("data-endpoint=\"../workers\" data-writable=\"true\" data-refresh=\"2000\"")
			.contains("<script src=\"dashboard.js\" defer></script>");
		assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'")
			.contains("frame-ancestors 'none'")
			.doesNotContain("unsafe");
		assertThat(page.header("Cache-Control")).isEqualTo("no-store");
		assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void itsScriptAndStyleComeFromTheJarAndNothingElseIsServedThere() throws IOException {
		Response script = get(this.port, "/actuator/workers-dashboard/dashboard.js");
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.header("Content-Type")).isEqualTo("text/javascript;charset=UTF-8");
		assertThat(script.body()).contains("'Content-Type': 'application/json'");
		Response style = get(this.port, "/actuator/workers-dashboard/dashboard.css");
		assertThat(style.status()).isEqualTo(200);
		assertThat(style.header("Content-Type")).isEqualTo("text/css;charset=UTF-8");
		// The page's template, with its placeholders, is not a file of the site.
		assertThat(get(this.port, "/actuator/workers-dashboard/index.html").status()).isEqualTo(404);
	}

	@Test
	void withoutItsTrailingSlashThePageRedirectsToItsFolderRelatively() throws IOException {
		Response redirect = get(this.port, "/actuator/workers-dashboard");
		assertThat(redirect.status()).isEqualTo(302);
		assertThat(redirect.header("Location")).isEqualTo("workers-dashboard/");
	}

	@Test
	void readOnlyAccessAndAMappedPathReachThePage() throws IOException {
		String page = withApplication((port) -> get(port, "/actuator/workers-dashboard/").body(),
				"management.endpoints.web.exposure.include=workers", "management.endpoint.workers.access=read-only",
				"management.endpoints.web.path-mapping.workers=background", "managed-workers.dashboard.refresh-interval=750ms");
		assertThat(page).contains("data-endpoint=\"../background\" data-writable=\"false\" data-refresh=\"750\"");
	}

	@Test
	void thePageIsNotServedWhenTheEndpointIsNotExposedOverHttp() throws IOException {
		int status = withApplication((port) -> get(port, "/actuator/workers-dashboard/").status(),
				"management.endpoints.web.exposure.include=health");
		assertThat(status).isEqualTo(404);
	}

	@Test
	void thePageIsNotServedWhenTurnedOff() throws IOException {
		int status = withApplication((port) -> get(port, "/actuator/workers-dashboard/").status(),
				"management.endpoints.web.exposure.include=workers", "managed-workers.dashboard.enabled=false");
		assertThat(status).isEqualTo(404);
	}

	@Test
	void aRefreshIntervalOutOfRangeFailsStartupNamingTheKeyTheValueAndWhatIsAllowed() {
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> withApplication((port) -> 0, "management.endpoints.web.exposure.include=workers",
					"managed-workers.dashboard.refresh-interval=100ms"))
			.havingRootCause()
			.isInstanceOf(InvalidManagedWorkerException.class)
			.withMessage("Invalid value '100ms' for managed-workers.dashboard.refresh-interval: "
					+ "allowed is a duration from 500ms to 1m.");
	}

	private static <T> T withApplication(IoFunction<T> call, String... properties) throws IOException {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ObservedApplication.class)
			.properties("server.port=0")
			.properties(properties)
			.run()) {
			return call.apply(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
		}
	}

	private static Response get(int port, String path) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + path)
			.toURL()
			.openConnection();
		connection.setInstanceFollowRedirects(false);
		try {
			int status = connection.getResponseCode();
			InputStream stream = (status < 400) ? connection.getInputStream() : connection.getErrorStream();
			String body = (stream != null) ? new String(stream.readAllBytes(), StandardCharsets.UTF_8) : "";
			return new Response(status, connection::getHeaderField, body);
		}
		finally {
			connection.disconnect();
		}
	}

	@FunctionalInterface
	private interface IoFunction<T> {

		T apply(int port) throws IOException;

	}

	private record Response(int status, Function<String, String> headers, String body) {

		String header(String name) {
			return this.headers.apply(name);
		}

	}

}
