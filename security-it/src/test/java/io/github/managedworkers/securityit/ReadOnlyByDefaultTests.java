package io.github.managedworkers.securityit;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Exposed on a management port without {@code access=unrestricted}: the admin's role lets the request through
 * Spring Security, and the endpoint still takes no action.
 */
@SpringBootTest(classes = SecuredApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "management.endpoints.web.exposure.include=health,workers",
				"management.endpoint.workers.roles=OPERATOR,ADMIN" })
@DirtiesContext
class ReadOnlyByDefaultTests extends SecuredWorkersEndpointContract {

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

}
