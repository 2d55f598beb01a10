package io.github.managedworkers.autoconfigure;

import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs show: every property has a description, and the documented defaults are the
 * ones the core uses.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasADescriptionAndTheCoresDefaults() throws Exception {
		Map<String, JsonNode> properties = new HashMap<>();
		try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			for (JsonNode property : JsonMapper.builder().build().readTree(json).get("properties")) {
				properties.put(property.get("name").asString(), property);
			}
		}
		assertThat(properties).containsKeys("managed-workers.enabled", "managed-workers.threads",
				"managed-workers.context-propagation", "managed-workers.defaults.max-concurrency",
				"managed-workers.defaults.max-wait", "managed-workers.defaults.queue-capacity",
				"managed-workers.defaults.restart",
				"managed-workers.defaults.restart-backoff.initial", "managed-workers.defaults.restart-backoff.max",
				"managed-workers.defaults.restart-intensity.max-restarts",
				"managed-workers.defaults.restart-intensity.window", "managed-workers.shutdown.drain-timeout",
				"managed-workers.shutdown.interrupt-grace", "managed-workers.workers");
		assertThat(properties.values()).allSatisfy((property) -> assertThat(property.path("description").asString())
			.as(property.get("name").asString())
			.isNotBlank()
			.doesNotStartWith("The "));
		ManagedWorkersProperties bound = new ManagedWorkersProperties();
		assertThat(bound.getDefaults().getMaxConcurrency()).isEqualTo(WorkerSpec.DEFAULT_MAX_CONCURRENCY);
		assertThat(bound.getDefaults().getMaxWait()).isEqualTo(WorkerSpec.DEFAULT_MAX_WAIT);
		assertThat(bound.getDefaults().getQueueCapacity())
			.isEqualTo(WorkerSpec.builder("default").build().queueCapacity());
		assertThat(List.of(bound.getDefaults().getRestartBackoff().getInitial(),
				bound.getDefaults().getRestartBackoff().getMax()))
			.containsExactly(WorkerSpec.DEFAULT_BACKOFF_INITIAL, WorkerSpec.DEFAULT_BACKOFF_MAX);
		assertThat(bound.getDefaults().getRestartIntensity().getMaxRestarts())
			.isEqualTo(WorkerSpec.DEFAULT_MAX_RESTARTS);
		assertThat(bound.getDefaults().getRestartIntensity().getWindow()).isEqualTo(WorkerSpec.DEFAULT_RESTART_WINDOW);
		assertThat(bound.getShutdown().getDrainTimeout()).isEqualTo(WorkerRegistry.Builder.DEFAULT_DRAIN_TIMEOUT);
		assertThat(bound.getShutdown().getInterruptGrace()).isEqualTo(WorkerRegistry.Builder.DEFAULT_INTERRUPT_GRACE);
		assertThat(properties.get("managed-workers.shutdown.drain-timeout").get("defaultValue").asString())
			.isEqualTo("20s");
		assertThat(Duration.ofSeconds(20)).isEqualTo(WorkerRegistry.Builder.DEFAULT_DRAIN_TIMEOUT);
	}

}
