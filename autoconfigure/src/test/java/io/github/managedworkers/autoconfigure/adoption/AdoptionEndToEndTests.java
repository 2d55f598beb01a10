package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.AopTestUtils;
import tools.jackson.databind.JsonNode;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSnapshot;
import io.github.managedworkers.WorkerState;
import io.github.managedworkers.autoconfigure.observability.Http;
import io.github.managedworkers.autoconfigure.observability.Http.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application of {@link AdoptedApplication}, started for real with the starter: its {@code @Scheduled} methods
 * and its {@code @Async} calls are workers, seen over HTTP, and drained when the context closes.
 */
class AdoptionEndToEndTests {

	private static final Duration LONG = Duration.ofMinutes(1);

	private static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "management.endpoints.web.exposure.include=*",
				"management.endpoint.workers.show-stacks=always", "management.endpoint.workers.access=unrestricted",
				"managed-workers.shutdown.drain-timeout=20s"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(AdoptedApplication.class).properties(all.toArray(String[]::new)).run();
	}

	@Test
	void theEndpointListsEachScheduledMethodAndTheAsyncWorkerWithLiveStacks() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			AdoptedApplication.Mailer mailer = context.getBean(AdoptedApplication.Mailer.class);
			AdoptedApplication.Mailer state = AopTestUtils.getUltimateTargetObject(mailer);
			state.gate = new CountDownLatch(1);
			for (int i = 0; i < 3; i++) {
				mailer.send("user" + i + "@example.com");
			}
			await().atMost(LONG).until(() -> context.getBean(WorkerRegistry.class).get("async").activeTasks() == 3);

			JsonNode list = new Http(port).get("/actuator/workers").json();
			JsonNode tick = worker(list, "reports.tick");
			assertThat(tick.get("source").asString()).isEqualTo("scheduled");
			assertThat(tick.get("schedule").asString()).isEqualTo("rate 50ms");
			assertThat(worker(list, "reports.nightly").get("schedule").asString()).isEqualTo("cron 0 0 3 * * * UTC");
			assertThat(worker(list, "reports.nightly").get("nextRun").asString()).endsWith("T03:00:00Z");
			assertThat(worker(list, "reports.nightly-2").get("schedule").asString()).isEqualTo("every 1m");
			JsonNode async = worker(list, "async");
			assertThat(async.get("source").asString()).isEqualTo("async");
			assertThat(async.get("activeTasks").asInt()).isEqualTo(3);
			await().atMost(LONG).until(() -> worker(new Http(port).get("/actuator/workers").json(), "reports.tick").has("lastRun"));

			JsonNode detail = new Http(port).get("/actuator/workers/async").json();
			assertThat(detail.get("source").asString()).isEqualTo("async");
			assertThat(detail.get("tasks")).hasSize(3);
			for (JsonNode task : detail.get("tasks")) {
				assertThat(task.get("thread").asString()).startsWith("task-");
				assertThat(task.get("stack").toString()).contains("AdoptedApplication$Mailer.send");
			}
			assertThat(new Http(port).get("/actuator/scheduledtasks").body()).contains("AdoptedApplication$Reports.tick");
			state.gate.countDown();
			await().atMost(LONG).until(() -> state.sent.get() == 3);
			assertThat(state.contexts).containsExactly("async");
			assertThat(context.getBean(AdoptedApplication.Reports.class).contexts).containsExactly("reports.tick");
		}
	}

	@Test
	void aScheduledWorkerIsPausedResumedAndTriggeredOverHttpAndMisuseIsABadRequest() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			WorkerRegistry registry = context.getBean(WorkerRegistry.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			Response paused = new Http(port).post("/actuator/workers/reports.tick", "{\"action\":\"pause\"}");
			assertThat(paused.status()).isEqualTo(200);
			assertThat(paused.json().get("state").asString()).isEqualTo("PAUSED");
			assertThat(meters.get("workers.paused").tag("worker", "reports.tick").gauge().value()).isEqualTo(1.0);
			assertThat(new Http(port).get("/actuator/health").json().get("status").asString()).isEqualTo("UP");

			AdoptedApplication.Reports reports = context.getBean(AdoptedApplication.Reports.class);
			await().atMost(LONG).until(() -> reports.running.get() == 0);
			int runs = reports.runs.get();
			assertThat(new Http(port).post("/actuator/workers/reports.tick", "{\"action\":\"trigger\"}").status()).isEqualTo(200);
			await().atMost(LONG).until(() -> reports.runs.get() == runs + 1);
			assertThat(registry.get("reports.tick").state()).isEqualTo(WorkerState.PAUSED);

			Response misuse = new Http(port).post("/actuator/workers/async", "{\"action\":\"pause\"}");
			assertThat(misuse.status()).isEqualTo(400);
			assertThat(misuse.json().get("error").asString()).contains("Cannot pause worker 'async'")
				.contains("has no schedule");

			assertThat(new Http(port).post("/actuator/workers/reports.tick", "{\"action\":\"resume\"}").json().get("state")
				.asString()).isEqualTo("RUNNING");
			await().atMost(LONG).until(() -> reports.runs.get() > runs + 2);
			assertThat(meters.get("workers.paused").tag("worker", "reports.tick").gauge().value()).isZero();
			assertThat(meters.get("tasks.scheduled.execution").timers()).isNotEmpty();
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void closingTheContextLetsTheScheduledRunAndEveryAsyncCallInFlightFinish(CapturedOutput output) throws Exception {
		ConfigurableApplicationContext context = start("managed-workers.workers.async.max-concurrency=32");
		WorkerRegistry registry = context.getBean(WorkerRegistry.class);
		AdoptedApplication.Reports reports = context.getBean(AdoptedApplication.Reports.class);
		AdoptedApplication.Mailer mailer = context.getBean(AdoptedApplication.Mailer.class);
		AdoptedApplication.Mailer state = AopTestUtils.getUltimateTargetObject(mailer);
		reports.runFor = Duration.ofMillis(600);
		await().atMost(LONG).until(() -> reports.running.get() == 1);
		for (int i = 0; i < 32; i++) {
			mailer.sendSlowly(Duration.ofMillis(500));
		}
		CompletableFuture<String> waiting = mailer.waitForStop();
		assertThat(registry.get("async").activeTasks()).isGreaterThan(0);
		int runsBefore = reports.runs.get();

		context.close();

		assertThat(state.sent.get()).isEqualTo(32);
		assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("stopped:DRAIN");
		assertThat(reports.finished.get()).isEqualTo(reports.runs.get()).isGreaterThanOrEqualTo(runsBefore);
		assertThat(reports.maxRunning.get()).isEqualTo(1);
		WorkerSnapshot async = registry.get("async").snapshot();
		assertThat(async.completed()).isEqualTo(33);
		assertThat(async.interrupted()).isZero();
		assertThat(output).containsPattern("Drained \\d+ workers \\[async, scheduled-tasks, reports.nightly, reports.tick, "
				+ "reports.nightly-2\\] in \\d+ ms: \\d+ tasks finished, 0 interrupted, 0 abandoned");
	}

	@Test
	void onPlatformThreadsAdoptedAsyncCallsReusePooledThreads() throws Exception {
		try (ConfigurableApplicationContext context = start("managed-workers.threads=platform")) {
			AdoptedApplication.Mailer mailer = context.getBean(AdoptedApplication.Mailer.class);
			AdoptedApplication.Mailer state = AopTestUtils.getUltimateTargetObject(mailer);
			for (int i = 0; i < 50; i++) {
				int sent = state.sent.get();
				mailer.send("one@example.com");
				await().atMost(LONG).until(() -> state.sent.get() == sent + 1);
			}
			assertThat(state.threads).hasSizeLessThanOrEqualTo(5);
		}
	}

	private static JsonNode worker(JsonNode list, String name) {
		for (JsonNode worker : list.get("workers")) {
			if (worker.get("name").asString().equals(name)) {
				return worker;
			}
		}
		throw new AssertionError("No worker " + name + " in " + list);
	}

}
