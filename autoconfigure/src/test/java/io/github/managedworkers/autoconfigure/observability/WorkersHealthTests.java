package io.github.managedworkers.autoconfigure.observability;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,workers",
				"management.endpoint.health.show-details=always",
				"managed-workers.workers.jobs.stuck-after=50ms", "management.endpoint.workers.access=unrestricted" })
@DirtiesContext
class WorkersHealthTests {

	@LocalServerPort
	int port;

	@Autowired
	WorkerRegistry registry;

	@Autowired
	ObservedApplication application;

	private Http http;

	@BeforeEach
	void connect() {
		this.http = new Http(this.port);
	}

	@Test
	void aFailedWorkerTakesTheHealthDownWithItsLastFailureAndARestartBringsItBack() throws Exception {
		assertThat(workersHealth().get("status").asString()).isEqualTo("UP");

		this.application.breakFragile.countDown();
		await().atMost(ObservedApplication.LONG)
			.until(() -> this.registry.get("fragile").state() == WorkerState.FAILED);
		Http.Response health = this.http.get("/actuator/health");
		assertThat(health.status()).isEqualTo(503);
		JsonNode workers = health.json().get("components").get("workers");
		assertThat(workers.get("status").asString()).isEqualTo("DOWN");
		JsonNode failure = workers.get("details").get("failed").get("fragile");
		assertThat(failure.get("type").asString()).isEqualTo(IllegalStateException.class.getName());
		assertThat(failure.get("message").asString()).isEqualTo("fragile broke on purpose");
		assertThat(workers.get("details").get("workers").get("fragile").asString()).isEqualTo("FAILED");

		this.application.breakFragile = new CountDownLatch(1);
		assertThat(this.http.post("/actuator/workers/fragile", "{\"action\":\"start\"}").status()).isEqualTo(200);
		assertThat(workersHealth().get("status").asString()).isEqualTo("UP");
	}

	@Test
	void aTaskThatRunsLongerThanStuckAfterIsListedWithoutTakingTheHealthDown() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Object> slow = this.registry.get("jobs").submit((ctx) -> {
			assertThat(release.await(1, TimeUnit.MINUTES)).isTrue();
			return null;
		});
		await().atMost(ObservedApplication.LONG).until(() -> workersHealth().get("details").has("stuck"));
		JsonNode health = workersHealth();
		assertThat(health.get("status").asString()).isEqualTo("UP");
		JsonNode stuck = health.get("details").get("stuck").get("jobs");
		assertThat(stuck.get("stuckAfter").asString()).isEqualTo("PT0.05S");
		assertThat(stuck.get("tasks")).singleElement()
			.satisfies((task) -> assertThat(task.get("thread").asString()).startsWith("jobs-"));
		release.countDown();
		slow.get(1, TimeUnit.MINUTES);
		await().atMost(ObservedApplication.LONG).until(() -> !workersHealth().get("details").has("stuck"));
	}

	private JsonNode workersHealth() throws Exception {
		return this.http.get("/actuator/health/workers").json();
	}

}
