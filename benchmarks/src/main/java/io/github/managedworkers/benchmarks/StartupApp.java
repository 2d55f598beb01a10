package io.github.managedworkers.benchmarks;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.WorkerContext;

/**
 * A small service of the sample app's shape, for {@link StartupBenchmark}: Spring MVC, the actuator with Prometheus,
 * an embedded H2 database initialised from a schema, one periodic worker and one controller. The sample app itself
 * cannot start without the starter (its beans need the registry); here, without the starter's auto-configuration,
 * the worker is a plain bean.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class StartupApp {

	@Component
	static class Heartbeat {

		@ManagedWorker(name = "heartbeat", every = "1s")
		public void beat(WorkerContext ctx) {
			// nothing to do: the benchmark measures what owning the worker costs, not its work
		}

	}

	@RestController
	static class Jobs {

		private final JdbcTemplate jdbc;

		Jobs(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@GetMapping("/jobs/count")
		Long count() {
			return this.jdbc.queryForObject("SELECT COUNT(*) FROM jobs", Long.class);
		}

	}

}
