package io.github.managedworkers;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A contract test: every test of a subclass runs once on platform threads and once on virtual threads (Java 21+;
 * skipped before).
 */
@ParameterizedClass(name = "{0} threads")
@EnumSource(value = ThreadMode.class, names = { "PLATFORM", "VIRTUAL" })
abstract class ThreadModeContract {

	static final Duration LONG = Duration.ofMinutes(1);

	@Parameter
	ThreadMode threads;

	WorkerRegistry registry;

	@BeforeEach
	void createRegistry() {
		assumeTrue(this.threads != ThreadMode.VIRTUAL || Runtime.version().feature() >= 21,
				"virtual threads need Java 21+");
		this.registry = registryBuilder().build();
	}

	WorkerRegistry.Builder registryBuilder() {
		return WorkerRegistry.builder()
			.threads(this.threads)
			.drainTimeout(Duration.ofSeconds(10))
			.interruptGrace(Duration.ofSeconds(5));
	}

	@AfterEach
	void closeRegistry() {
		if (this.registry != null) {
			this.registry.close();
		}
	}

	WorkerHandle pool(String name, int maxConcurrency, Duration maxWait) {
		WorkerHandle pool = this.registry
			.register(WorkerSpec.builder(name).maxConcurrency(maxConcurrency).maxWait(maxWait).build());
		pool.start();
		return pool;
	}

}
