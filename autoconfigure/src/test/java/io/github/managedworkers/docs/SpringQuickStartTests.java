package io.github.managedworkers.docs;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerState;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Spring Boot quick start does what the README says.
 */
class SpringQuickStartTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class))
		.withBean("inbox", Inbox.class)
		.withBean("mailer", Mailer.class);

	@Test
	void theQuickStartsBeansRunAsWorkersNamedAsTheReadmeSays() {
		this.contextRunner.run((context) -> {
			WorkerRegistry registry = context.getBean(WorkerRegistry.class);
			assertThat(registry.workers()).extracting(WorkerHandle::name)
				.containsExactlyInAnyOrder("inbox", "inbox.heartbeat", "mailer");
			assertThat(registry.workers()).extracting(WorkerHandle::state).containsOnly(WorkerState.RUNNING);
			assertThat(registry.get("mailer").snapshot().maxConcurrency()).isEqualTo(8);
			assertThat(registry.get("mailer").submit((ctx) -> "sent").get()).isEqualTo("sent");
		});
	}

}
