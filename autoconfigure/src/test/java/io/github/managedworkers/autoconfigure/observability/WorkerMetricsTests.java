package io.github.managedworkers.autoconfigure.observability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=prometheus")
@DirtiesContext
class WorkerMetricsTests {

	@LocalServerPort
	int port;

	@Autowired
	WorkerRegistry registry;

	@Test
	void thePrometheusScrapeShowsTheWorkerMetricsUnderTheirPrometheusNames() throws Exception {
		WorkerHandle jobs = this.registry.get("jobs");
		jobs.submit((ctx) -> "done").get(1, TimeUnit.MINUTES);
		CompletableFuture<Object> failing = jobs.submit((ctx) -> {
			throw new IllegalStateException("on purpose");
		});
		failing.handle((value, failure) -> failure).get(1, TimeUnit.MINUTES);

		String scrape = new Http(this.port).get("/actuator/prometheus").body();
		assertThat(scrape).contains("workers_tasks_active{worker=\"jobs\"} 1.0")
			.contains("workers_tasks_total{outcome=\"completed\",worker=\"jobs\"} 1.0")
			.contains("workers_tasks_total{outcome=\"failed\",worker=\"jobs\"} 1.0")
			.contains("workers_tasks_total{outcome=\"rejected\",worker=\"jobs\"} 0.0")
			.contains("workers_tasks_total{outcome=\"interrupted\",worker=\"jobs\"} 0.0")
			.contains("workers_task_duration_seconds_count{worker=\"jobs\"} 2")
			.contains("workers_bulkhead_available{worker=\"jobs\"} 64.0")
			.contains("workers_bulkhead_limit{worker=\"jobs\"} 64.0")
			.contains("workers_restarts_total{worker=\"jobs\"} 0.0")
			.contains("workers_drain_abandoned_total{worker=\"jobs\"} 0.0")
			.contains("workers_tasks_active{worker=\"fragile\"}");
	}

	@Test
	void theQueuedGaugeCountsTheTasksWaitingInAWorkersQueue() throws Exception {
		WorkerHandle queued = this.registry
			.register(WorkerSpec.builder("queued-jobs").maxConcurrency(1).queueCapacity(5).build());
		queued.start();
		CountDownLatch release = new CountDownLatch(1);
		try {
			queued.submit((ctx) -> release.await(1, TimeUnit.MINUTES));
			queued.submit((ctx) -> "second");
			queued.submit((ctx) -> "third");
			String scrape = new Http(this.port).get("/actuator/prometheus").body();
			assertThat(scrape).contains("workers_tasks_queued{worker=\"queued-jobs\"} 2.0")
				.contains("workers_tasks_queued{worker=\"jobs\"} 0.0");
		}
		finally {
			release.countDown();
			this.registry.remove("queued-jobs");
		}
	}

	@Test
	void theGrafanaDashboardQueriesOnlyMetricsTheScrapeHas() throws Exception {
		String scrape = new Http(this.port).get("/actuator/prometheus").body();
		String dashboard = Files.readString(Path.of("..", "docs", "grafana-dashboard.json"));
		Matcher metric = Pattern.compile("\\b(workers_[a-z_]+?)(_bucket)?\\{").matcher(dashboard);
		Set<String> queried = new TreeSet<>();
		while (metric.find()) {
			queried.add(metric.group(1));
		}
		assertThat(queried).hasSizeGreaterThanOrEqualTo(6);
		// This app has no exclusive worker: LeadershipMetricsTests checks the leadership panels' metrics.
		assertThat(queried).contains("workers_leader", "workers_leadership_changes_total");
		queried.removeAll(Set.of("workers_leader", "workers_leadership_changes_total"));
		// Buckets appear once percentiles-histogram is turned on; the timer's other series are always there.
		assertThat(queried).allSatisfy((name) -> assertThat(scrape).contains(name));
	}

}
