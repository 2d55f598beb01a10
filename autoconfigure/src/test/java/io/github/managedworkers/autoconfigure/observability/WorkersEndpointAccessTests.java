package io.github.managedworkers.autoconfigure.observability;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exposing the endpoint lets callers read it, not steer the workers: writes need
 * {@code management.endpoint.workers.access=unrestricted}.
 */
@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=workers")
@DirtiesContext
class WorkersEndpointAccessTests {

	@LocalServerPort
	int port;

	@Autowired
	WorkerRegistry registry;

	@Test
	void anExposedEndpointIsReadOnlyByDefault() throws Exception {
		Http http = new Http(this.port);
		assertThat(http.get("/actuator/workers").status()).isEqualTo(200);
		assertThat(http.get("/actuator/workers/jobs").status()).isEqualTo(200);
		for (String action : new String[] { "stop", "restart", "pause" }) {
			assertThat(http.as("root:ops,admin").post("/actuator/workers/jobs", "{\"action\":\"" + action + "\"}")
				.status()).isEqualTo(405);
		}
		assertThat(http.post("/actuator/workers/jobs", "{\"action\":\"resize\",\"maxConcurrency\":1}").status())
			.isEqualTo(405);
		assertThat(this.registry.get("jobs").state()).isEqualTo(WorkerState.RUNNING);
		assertThat(this.registry.get("jobs").snapshot().maxConcurrency()).isEqualTo(64);
	}

}
