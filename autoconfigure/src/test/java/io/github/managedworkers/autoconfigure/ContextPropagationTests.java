package io.github.managedworkers.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.TaskDecorator;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class ContextPropagationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class))
		.withUserConfiguration(Pool.class);

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void theSubmittersMdcReachesTheTask() {
		this.contextRunner.run((context) -> {
			MDC.put("requestId", "r-42");
			assertThat(pool(context.getBean(WorkerRegistry.class)).submit((ctx) -> MDC.get("requestId")).get())
				.isEqualTo("r-42");
		});
	}

	@Test
	void theSubmittersObservationReachesTheTask() {
		this.contextRunner.run((context) -> {
			ObservationRegistry observations = ObservationRegistry.create();
			observations.observationConfig().observationHandler((observationContext) -> true);
			ObservationThreadLocalAccessor.getInstance().setObservationRegistry(observations);
			Observation observation = Observation.start("job.submit", observations);
			try (Observation.Scope scope = observation.openScope()) {
				CompletableFuture<Observation> seen = pool(context.getBean(WorkerRegistry.class))
					.submit((ctx) -> observations.getCurrentObservation());
				assertThat(seen.get()).isSameAs(observation);
			}
			finally {
				observation.stop();
			}
		});
	}

	@Test
	void withoutContextPropagationOnTheClassPathTheMdcStillReachesTheTask() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.context")).run((context) -> {
			assertThat(context.getBean(TaskDecorator.class)).isInstanceOf(MdcTaskDecorator.class);
			MDC.put("requestId", "r-7");
			assertThat(pool(context.getBean(WorkerRegistry.class)).submit((ctx) -> MDC.get("requestId")).get())
				.isEqualTo("r-7");
		});
	}

	@Test
	void propagationCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("managed-workers.context-propagation=false").run((context) -> {
			assertThat(context).doesNotHaveBean(TaskDecorator.class);
			MDC.put("requestId", "r-9");
			assertThat(pool(context.getBean(WorkerRegistry.class)).submit((ctx) -> MDC.get("requestId")).get())
				.isNull();
		});
	}

	private static WorkerHandle pool(WorkerRegistry registry) {
		return registry.get("pool");
	}

	@Configuration(proxyBeanMethods = false)
	static class Pool {

		@Bean
		Looper looper() {
			return new Looper();
		}

	}

	static class Looper {

		@ManagedWorker(name = "pool")
		void run(WorkerContext ctx) {
			while (!ctx.isStopping()) {
				ctx.sleep(Duration.ofMinutes(1));
			}
		}

	}

}
