package io.github.managedworkers.test;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot test as users write them, run by this module's own suite, which checks every class for leaked
 * threads: the threads of its cached web server must not count as leaks of the class.
 */
@SpringBootTest(classes = SpringTestContextLeakTests.WebApp.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SpringBootWebTests {

	@LocalServerPort
	int port;

	@Test
	void servesRequests() throws IOException {
		for (int i = 0; i < 3; i++) {
			assertThat(SpringTestContextLeakTests.get(this.port, "/hello")).isEqualTo("hello");
		}
	}

}
