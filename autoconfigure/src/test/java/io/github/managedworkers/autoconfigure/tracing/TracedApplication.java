package io.github.managedworkers.autoconfigure.tracing;

import java.time.Duration;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerRegistry;

/**
 * A traced service: a request that hands work to a worker, whose task makes a call of its own, and a periodic worker.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TracedApplication {

	static final Duration LONG = Duration.ofMinutes(1);

	@Bean
	SimpleTracer tracer() {
		return new SimpleTracer();
	}

	@Bean
	DefaultTracingObservationHandler tracingObservationHandler(SimpleTracer tracer) {
		return new DefaultTracingObservationHandler(tracer);
	}

	@ManagedWorker(name = "ticker", every = "50ms")
	void tick(WorkerContext ctx) {
		// a round that does nothing: its span is what the test looks at
	}

	@ManagedWorker(name = "mailer", maxConcurrency = 4)
	void mailer(WorkerContext ctx) {
		while (!ctx.isStopping()) {
			ctx.sleep(LONG);
		}
	}

	/** Registered as a member class of this configuration. */
	@RestController
	static class WorkController {

		private final WorkerRegistry registry;

		private final ObservationRegistry observations;

		WorkController(WorkerRegistry registry, ObservationRegistry observations) {
			this.registry = registry;
			this.observations = observations;
		}

		@GetMapping("/send")
		String send(@RequestParam(defaultValue = "false") boolean fail) {
			return this.registry.get("mailer").submit((ctx) -> {
				if (fail) {
					throw new IllegalStateException("smtp down");
				}
				return Observation.createNotStarted("smtp.send", this.observations).observe(() -> "sent");
			}).handle((value, failure) -> (failure != null) ? "failed" : value).join();
		}

	}

}
