package io.github.managedworkers.securityit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a separate management port, and without {@code access=unrestricted}: the same reads as on the application's
 * port; the admin's role lets a write through Spring Security, and the endpoint, read-only by default, takes no
 * action.
 */
@SpringBootTest(classes = SecuredApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "management.endpoints.web.exposure.include=health,workers",
				"management.endpoint.workers.roles=OPERATOR,ADMIN" })
@DirtiesContext
class ManagementPortTests extends SecuredWorkersEndpointContract {

	@LocalServerPort
	int applicationPort;

	@LocalManagementPort
	int managementPort;

	@Override
	int actuatorPort() {
		return this.managementPort;
	}

	@Override
	boolean writesAllowed() {
		return false;
	}

	@Test
	void theApplicationsPortServesNoActuator() throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.applicationPort);
		Http admin = Http.as(this.applicationPort, "adam", "admin-secret");
		assertThat(admin.get("/actuator/workers").status()).isIn(401, 403, 404);
		assertThat(admin.postJson("/actuator/workers/jobs", "{\"action\":\"stop\"}").status()).isIn(401, 403, 404);
	}

}
