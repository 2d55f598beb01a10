package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.util.AopTestUtils;
import tools.jackson.databind.JsonNode;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSnapshot;
import io.github.managedworkers.autoconfigure.observability.Http;
import io.github.managedworkers.autoconfigure.observability.Http.Response;
import io.github.managedworkers.test.LeakOption;
import io.github.managedworkers.test.ThreadLeaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application of {@link GuidesApplication}, started for real with the starter: its own executor and scheduler
 * are workers, seen over HTTP with their running tasks and stacks, and drained with the registry, every accepted
 * call accounted for.
 */
class ExecutorAdoptionEndToEndTests {

	private static final Duration LONG = Duration.ofMinutes(1);

	private static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "management.endpoints.web.exposure.include=*",
				"management.endpoint.workers.show-stacks=always", "management.endpoint.workers.access=unrestricted"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(GuidesApplication.class).properties(all.toArray(String[]::new)).run();
	}

	@Test
	void theEndpointListsTheApplicationsOwnExecutorAndSchedulerWithTheirRunningTasksAndStacks() throws Exception {
		LeakOption before = LeakOption.ignoreCurrentThreads();
		try (ConfigurableApplicationContext context = start()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			GuidesApplication.Lookups lookups = AopTestUtils.getUltimateTargetObject(context.getBean(GuidesApplication.Lookups.class));
			GuidesApplication.Reports reports = context.getBean(GuidesApplication.Reports.class);
			CountDownLatch reportGate = new CountDownLatch(1);
			reports.gate = reportGate;
			lookups.gate = new CountDownLatch(1);
			GuidesApplication.Lookups proxy = context.getBean(GuidesApplication.Lookups.class);
			List<Future<String>> calls = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				calls.add(proxy.lookup("user" + i));
			}
			WorkerRegistry registry = context.getBean(WorkerRegistry.class);
			await().atMost(LONG).until(() -> registry.get("taskExecutor").activeTasks() == 4
					&& registry.get("taskScheduler").activeTasks() == 1);

			JsonNode list = new Http(port).get("/actuator/workers").json();
			JsonNode executor = worker(list, "taskExecutor");
			assertThat(executor.get("source").asString()).isEqualTo("executor");
			assertThat(executor.get("state").asString()).isEqualTo("RUNNING");
			assertThat(executor.get("activeTasks").asInt()).isEqualTo(4);
			assertThat(executor.get("queued").asInt()).isEqualTo(2);
			assertThat(executor.get("maxConcurrency").asInt()).isEqualTo(4);
			JsonNode scheduler = worker(list, "taskScheduler");
			assertThat(scheduler.get("source").asString()).isEqualTo("executor");
			assertThat(scheduler.get("activeTasks").asInt()).isEqualTo(1);

			JsonNode lookupTasks = new Http(port).get("/actuator/workers/taskExecutor").json().get("tasks");
			assertThat(lookupTasks).hasSize(4);
			for (JsonNode task : lookupTasks) {
				assertThat(task.get("thread").asString()).startsWith("GithubLookup-");
				assertThat(task.get("stack").toString()).contains("GuidesApplication$Lookups.lookup");
			}
			JsonNode reportTask = new Http(port).get("/actuator/workers/taskScheduler").json().get("tasks").get(0);
			assertThat(reportTask.get("name").asString()).isEqualTo("Reports.report");
			assertThat(reportTask.get("thread").asString()).startsWith("scheduling-");
			assertThat(reportTask.get("stack").toString()).contains("GuidesApplication$Reports.report");

			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("workers.tasks.active").tag("worker", "taskExecutor").gauge().value()).isEqualTo(4.0);
			assertThat(new Http(port).get("/actuator/health").json().get("status").asString()).isEqualTo("UP");

			lookups.gate.countDown();
			reportGate.countDown();
			for (Future<String> call : calls) {
				assertThat(call.get(1, TimeUnit.MINUTES)).startsWith("user");
			}
			await().atMost(LONG).until(() -> registry.get("taskExecutor").snapshot().completed() == 6);
			GuidesApplication.RequestIds requestIds = context.getBean(GuidesApplication.RequestIds.class);
			assertThat(requestIds.decorated.get()).isGreaterThanOrEqualTo(6);
			assertThat(requestIds.sawWorker).containsExactly("taskExecutor");
			ThreadPoolTaskExecutor bean = context.getBean("taskExecutor", ThreadPoolTaskExecutor.class);
			assertThat(bean.getCorePoolSize()).isEqualTo(4);
			assertThat(bean.getQueueCapacity()).isEqualTo(1000);
			assertThat(meters.get("workers.tasks").tag("worker", "taskExecutor").tag("outcome", "completed")
				.counter().count()).isEqualTo(6.0);
		}
		ThreadLeaks.verifyNone(before);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aBoundedShutdownAccountsForEveryAcceptedCallAsDoneInterruptedOrNeverStarted(CapturedOutput output)
			throws Exception {
		LeakOption before = LeakOption.ignoreCurrentThreads();
		ConfigurableApplicationContext context = start("managed-workers.shutdown.drain-timeout=3s",
				"managed-workers.shutdown.interrupt-grace=1s");
		GuidesApplication.Lookups lookups = AopTestUtils.getUltimateTargetObject(context.getBean(GuidesApplication.Lookups.class));
		GuidesApplication.Lookups proxy = context.getBean(GuidesApplication.Lookups.class);
		WorkerRegistry registry = context.getBean(WorkerRegistry.class);
		List<Future<String>> calls = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			calls.add(proxy.slowLookup(Duration.ofMillis(500)));
		}

		context.close();

		WorkerSnapshot executor = registry.get("taskExecutor").snapshot();
		long cancelled = calls.stream().filter(Future::isCancelled).count();
		assertThat(calls).allMatch(Future::isDone);
		assertThat(lookups.done.get() + lookups.interrupted.get() + cancelled).isEqualTo(200);
		assertThat(lookups.interrupted.get()).isBetween(1, 4);
		assertThat(cancelled).isGreaterThan(100);
		assertThat(executor.interrupted()).isEqualTo(lookups.interrupted.get());
		assertThat(executor.completed()).isEqualTo(lookups.done.get());
		Matcher summary = Pattern
			.compile("Drained \\d+ workers \\[.*taskExecutor.*\\] in \\d+ ms: (\\d+) tasks? finished, (\\d+) interrupted, "
					+ "0 abandoned, (\\d+) never started")
			.matcher(output.getOut());
		assertThat(summary.find()).as(output.getOut()).isTrue();
		assertThat(Long.parseLong(summary.group(3))).isEqualTo(cancelled);
		assertThat(Integer.parseInt(summary.group(2))).isEqualTo(lookups.interrupted.get());
		assertThat(Integer.parseInt(summary.group(1))).isGreaterThanOrEqualTo(lookups.done.get());
		ThreadLeaks.verifyNone(before);
	}

	@Test
	void aPoolExecutorIsResizedOverHttpActionsThatDoNotApplyAreBadRequestsAndAPlainPoolIsNamedAsUnowned()
			throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			CountDownLatch release = new CountDownLatch(1);
			context.getBean("legacyPool", ExecutorService.class).execute(() -> {
				try {
					release.await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			await().atMost(LONG).untilAsserted(() -> assertThat(
					new Http(port).get("/actuator/workers?view=unowned").json().get("groups").toString())
				.contains("\"bean\":\"legacyPool\""));
			release.countDown();
			assertThat(context.getBean(WorkerRegistry.class).find("legacyPool")).isEmpty();

			Response resized = new Http(port).post("/actuator/workers/taskExecutor",
					"{\"action\":\"resize\",\"maxConcurrency\":8}");
			assertThat(resized.status()).isEqualTo(200);
			ThreadPoolTaskExecutor bean = context.getBean("taskExecutor", ThreadPoolTaskExecutor.class);
			assertThat(bean.getCorePoolSize()).isEqualTo(8);
			assertThat(bean.getMaxPoolSize()).isEqualTo(8);
			assertThat(worker(new Http(port).get("/actuator/workers").json(), "taskExecutor").get("maxConcurrency")
				.asInt()).isEqualTo(8);
			assertThat(new Http(port).post("/actuator/workers/taskExecutor", "{\"action\":\"resize\",\"maxConcurrency\":2}")
				.status()).isEqualTo(200);
			assertThat(bean.getCorePoolSize()).isEqualTo(2);
			assertThat(bean.getMaxPoolSize()).isEqualTo(2);

			Response stop = new Http(port).post("/actuator/workers/taskExecutor", "{\"action\":\"stop\"}");
			assertThat(stop.status()).isEqualTo(400);
			assertThat(stop.json().get("error").asString()).contains("Cannot stop worker 'taskExecutor'")
				.contains("stops with the application");
			Response pause = new Http(port).post("/actuator/workers/taskScheduler", "{\"action\":\"pause\"}");
			assertThat(pause.status()).isEqualTo(400);
			assertThat(pause.json().get("error").asString()).contains("has no schedule");
			assertThat(context.getBean(WorkerRegistry.class).get("taskExecutor").state().name()).isEqualTo("RUNNING");
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
