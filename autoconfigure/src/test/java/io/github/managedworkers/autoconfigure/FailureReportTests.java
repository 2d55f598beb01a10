package io.github.managedworkers.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.managedworkers.ManagedWorker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What a user sees when a value is bad: Spring Boot's failure report, naming the key, the value and what is allowed,
 * rather than a stack trace from deep inside.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureReportTests {

	@Test
	void aBadValueFailsStartupWithAReportThatNamesTheKeyTheValueAndWhatIsAllowed(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(Service.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "managed-workers.workers.reports.max-concurrency=0")
			.run());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '0' for managed-workers.workers.reports.max-concurrency: allowed is an integer of 1 or more.")
			.contains("Update managed-workers.workers.reports.max-concurrency in your application's configuration");
	}

	@Test
	void anUnknownThreadModeFailsStartupWithTheAllowedModes(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(Service.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "managed-workers.threads=turbo")
			.run());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("managed-workers.threads")
			.contains("turbo")
			.contains("The following values are valid")
			.contains("AUTO")
			.contains("PLATFORM")
			.contains("VIRTUAL");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Service {

		@ManagedWorker(name = "reports", every = "1h")
		void report() {
		}

	}

}
