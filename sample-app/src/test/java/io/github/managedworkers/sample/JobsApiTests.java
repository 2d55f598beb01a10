package io.github.managedworkers.sample;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:jobs-api;DB_CLOSE_DELAY=-1")
@DirtiesContext
class JobsApiTests {

	@LocalServerPort
	int port;

	private SampleHttp http;

	@BeforeEach
	void connect() {
		this.http = new SampleHttp(this.port);
	}

	@Test
	void postedJobsAreAcceptedAndRunToDoneExactlyOnce() throws Exception {
		SampleHttp.Response response = this.http.post("/jobs", "{\"count\": 30, \"workMillis\": 5}");
		assertThat(response.status()).isEqualTo(202);
		assertThat(response.json().get("ids")).hasSize(30);
		await().atMost(Duration.ofMinutes(1)).until(() -> stats().get("done").asLong() >= 30);
		JsonNode stats = stats();
		assertThat(stats.get("queued").asLong()).isZero();
		assertThat(stats.get("running").asLong()).isZero();
		assertThat(stats.get("duplicates").asLong()).isZero();
	}

	@Test
	void badInputIsA400ThatNamesTheFieldAndStoresNothing() throws Exception {
		long before = total();
		assertBadRequest("{\"workMillis\": 10}", "count is required: an integer from 1 to 10000");
		assertBadRequest("{\"count\": 3}", "workMillis is required: an integer from 0 to 60000");
		assertBadRequest("{\"count\": -1, \"workMillis\": 10}", "count must be an integer from 1 to 10000, not -1");
		assertBadRequest("{\"count\": 1000000, \"workMillis\": 10}",
				"count must be an integer from 1 to 10000, not 1000000");
		assertBadRequest("{\"count\": 2, \"workMillis\": 86400000}",
				"workMillis must be an integer from 0 to 60000, not 86400000");
		assertBadRequest("{\"count\": \"lots\", \"workMillis\": 10}", "count must be an integer");
		assertBadRequest("{\"count\": 2.5, \"workMillis\": 10}", "count must be an integer");
		assertBadRequest("{\"count\": 99999999999, \"workMillis\": 10}", "count must be an integer");
		assertBadRequest("not json", "The body must be JSON");
		assertBadRequest("", "The body must be JSON");
		assertThat(total()).isEqualTo(before);
	}

	@Test
	void acceptedEventsAreFlushedToTheTable() throws Exception {
		long stored = this.http.get("/events/stats").json().get("stored").asLong();
		for (int i = 0; i < 5; i++) {
			assertThat(this.http.post("/events", "{\"type\": \"click\", \"n\": " + i + "}").status()).isEqualTo(202);
		}
		await().atMost(Duration.ofMinutes(1))
			.until(() -> this.http.get("/events/stats").json().get("stored").asLong() == stored + 5);
		assertThat(this.http.post("/events", " ").status()).isEqualTo(400);
	}

	private void assertBadRequest(String body, String error) throws Exception {
		SampleHttp.Response response = this.http.post("/jobs", body);
		assertThat(response.status()).as(body).isEqualTo(400);
		assertThat(response.json().get("error").asString()).as(body).startsWith(error);
	}

	private JsonNode stats() throws Exception {
		return this.http.get("/jobs/stats").json();
	}

	private long total() throws Exception {
		JsonNode stats = stats();
		return stats.get("queued").asLong() + stats.get("running").asLong() + stats.get("done").asLong();
	}

}
