package io.github.managedworkers.securityit;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

@SpringBootTest(classes = SecuredApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,workers",
				"management.endpoint.workers.access=unrestricted",
				"management.endpoint.workers.roles=OPERATOR,ADMIN" })
@DirtiesContext
class DefaultPortTests extends SecuredWorkersEndpointContract {

	@LocalServerPort
	int port;

	@Override
	int actuatorPort() {
		return this.port;
	}

	@Override
	boolean writesAllowed() {
		return true;
	}

}
