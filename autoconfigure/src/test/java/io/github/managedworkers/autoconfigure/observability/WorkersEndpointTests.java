package io.github.managedworkers.autoconfigure.observability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import io.github.managedworkers.TaskKind;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=workers,threaddump",
				"management.endpoint.workers.roles=ops", "management.endpoint.workers.max-frames=8",
				"management.endpoint.workers.access=unrestricted" })
@DirtiesContext
class WorkersEndpointTests {

	/** Every field but those the actuator leaves out while they are null: lastFailure, schedule, lastRun, nextRun. */
	private static final Set<String> WORKER_FIELDS = Set.of("name", "state", "activeTasks", "maxConcurrency",
			"availablePermits", "queued", "started", "completed", "failed", "interrupted", "rejected", "restarts",
			"source");

	@LocalServerPort
	int port;

	@Autowired
	WorkerRegistry registry;

	private Http http;

	private final CountDownLatch release = new CountDownLatch(1);

	@BeforeEach
	void connect() {
		this.http = new Http(this.port);
	}

	@Test
	void theListShowsEveryWorkerWithItsCountersAndTheTotalOfLiveTasks() throws Exception {
		List<CompletableFuture<Object>> parked = park(3);
		JsonNode body = this.http.get("/actuator/workers").json();
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("workers", "activeTasks");
		List<String> names = new ArrayList<>();
		for (JsonNode worker : body.get("workers")) {
			assertThat(worker.propertyNames()).containsAll(WORKER_FIELDS);
			assertThat(worker.propertyNames()).isSubsetOf(union(WORKER_FIELDS, "lastFailure", "schedule", "lastRun", "nextRun"));
			names.add(worker.get("name").asString());
		}
		assertThat(names).contains("jobs", "fragile");
		JsonNode jobs = worker(body, "jobs");
		assertThat(jobs.get("state").asString()).isEqualTo("RUNNING");
		assertThat(jobs.get("activeTasks").asInt()).isEqualTo(4); // the body and three tasks
		assertThat(jobs.get("maxConcurrency").asInt()).isEqualTo(64);
		assertThat(jobs.get("availablePermits").asInt()).isEqualTo(61);
		assertThat(jobs.get("queued").asInt()).isZero();
		assertThat(body.get("activeTasks").asInt()).isEqualTo(this.registry.activeTasks());
		release(parked);
	}

	@Test
	void oneWorkerListsItsLiveTasksAndShowsStacksToAnAuthorizedUser() throws Exception {
		List<CompletableFuture<Object>> parked = park(2);
		JsonNode anonymous = this.http.get("/actuator/workers/jobs").json();
		assertThat(anonymous.get("stacksShown").asBoolean()).isFalse();
		assertThat(anonymous.get("tasks")).hasSize(3);
		JsonNode task = anonymous.get("tasks").get(1);
		assertThat(task.propertyNames()).containsExactlyInAnyOrder("id", "kind", "thread", "virtual", "startedAt",
				"runningFor", "state", "stack");
		assertThat(task.get("kind").asString()).isEqualTo("task");
		assertThat(task.get("thread").asString()).isEqualTo("jobs-" + task.get("id").asLong());
		assertThat(task.get("state").asString()).isEqualTo("WAITING");
		assertThat(task.get("runningFor").asString()).startsWith("PT");
		assertThat(task.get("stack")).isEmpty();
		assertThat(anonymous.get("tasks").get(0).get("kind").asString()).isEqualTo("body");

		JsonNode withoutRole = this.http.as("alice:dev").get("/actuator/workers/jobs").json();
		assertThat(withoutRole.get("stacksShown").asBoolean()).isFalse();

		JsonNode operator = this.http.as("bob:ops").get("/actuator/workers/jobs").json();
		assertThat(operator.get("stacksShown").asBoolean()).isTrue();
		JsonNode stack = operator.get("tasks").get(1).get("stack");
		assertThat(stack).hasSizeLessThanOrEqualTo(8);
		assertThat(stack.toString()).contains("CountDownLatch.await");
		release(parked);
	}

	@Test
	void aLimitCapsTheTaskList() throws Exception {
		List<CompletableFuture<Object>> parked = park(5);
		JsonNode body = this.http.get("/actuator/workers/jobs?limit=2").json();
		assertThat(body.get("activeTasks").asInt()).isEqualTo(6);
		assertThat(body.get("tasks")).hasSize(2);
		assertThat(this.http.get("/actuator/workers/jobs?limit=-1").status()).isEqualTo(400);
		release(parked);
	}

	@Test
	void tasksParkedAtTheSamePlaceReadAsOneGroupWithACount() throws Exception {
		List<CompletableFuture<Object>> parked = park(40);
		JsonNode body = this.http.as("bob:ops").get("/actuator/workers/jobs?group=stack").json();
		assertThat(body.get("tasks")).isEmpty();
		JsonNode largest = body.get("groups").get(0);
		assertThat(largest.get("count").asInt()).isEqualTo(40);
		assertThat(largest.get("stack").toString()).contains("CountDownLatch.await");
		assertThat(body.get("groups")).hasSize(2); // the parked tasks, and the body
		JsonNode bad = this.http.get("/actuator/workers/jobs?group=thread").json();
		assertThat(bad.get("error").asString()).isEqualTo("Invalid group 'thread': allowed is 'stack'");
		release(parked);
	}

	@Test
	void anUnknownWorkerIsA404ThatListsTheKnownOnes() throws Exception {
		Http.Response response = this.http.get("/actuator/workers/nope");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().get("error").asString()).startsWith("No worker named 'nope'");
		assertThat(response.json().get("knownWorkers").toString()).contains("jobs", "fragile");
		assertThat(this.http.post("/actuator/workers/nope", "{\"action\":\"stop\"}").status()).isEqualTo(404);
	}

	@Test
	void workersCanBeStoppedStartedAndRestarted() throws Exception {
		awaitBodyRunning();
		JsonNode stopped = this.http.post("/actuator/workers/jobs", "{\"action\":\"stop\"}").json();
		assertThat(stopped.get("state").asString()).isEqualTo("STOPPED");
		assertThat(stopped.get("drain").get("finished").asInt()).isEqualTo(1);
		assertThat(stopped.get("drain").get("summary").asString()).startsWith("Drained 1 worker [jobs]");
		assertThat(this.registry.get("jobs").state().name()).isEqualTo("STOPPED");

		JsonNode started = this.http.post("/actuator/workers/jobs", "{\"action\":\"start\"}").json();
		assertThat(started.get("state").asString()).isEqualTo("RUNNING");
		assertThat(started.has("drain")).isFalse();

		// A start returns before the body's thread runs it: a drain before then rightly finds nothing to finish.
		awaitBodyRunning();
		JsonNode restarted = this.http.post("/actuator/workers/jobs", "{\"action\":\"restart\"}").json();
		assertThat(restarted.get("state").asString()).isEqualTo("RUNNING");
		assertThat(restarted.get("drain").get("finished").asInt()).isEqualTo(1);

		Http.Response bad = this.http.post("/actuator/workers/jobs", "{\"action\":\"halt\"}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("error").asString()).isEqualTo("Invalid action 'halt': allowed is 'stop', 'start', "
				+ "'restart', 'pause', 'resume', 'trigger' or 'resize'");
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsThatTheThreadDumpCannotSeeAreListed() throws Exception {
		List<CompletableFuture<Object>> parked = park(2);
		JsonNode tasks = this.http.get("/actuator/workers/jobs").json().get("tasks");
		List<String> threads = new ArrayList<>();
		for (JsonNode task : tasks) {
			assertThat(task.get("virtual").asBoolean()).isTrue();
			threads.add(task.get("thread").asString());
		}
		assertThat(threads).hasSize(3);
		String threadDump = this.http.get("/actuator/threaddump").body();
		assertThat(threads).noneMatch((thread) -> threadDump.contains("\"" + thread + "\""));
		release(parked);
	}

	private void awaitBodyRunning() {
		await().atMost(ObservedApplication.LONG).until(() -> this.registry.get("jobs").snapshot().activeTasks() >= 1);
	}

	private List<CompletableFuture<Object>> park(int count) {
		WorkerHandle jobs = this.registry.get("jobs");
		List<CompletableFuture<Object>> parked = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			parked.add(jobs.submit((ctx) -> {
				this.release.await(); // untimed: the endpoint must show it WAITING; the drain on close interrupts it
				return null;
			}));
		}
		await().atMost(ObservedApplication.LONG)
			.until(() -> jobs.tasks(Integer.MAX_VALUE, 0)
				.stream()
				.filter((task) -> task.kind() == TaskKind.TASK && task.state() == Thread.State.WAITING)
				.count() == count);
		return parked;
	}

	private void release(List<CompletableFuture<Object>> parked) {
		this.release.countDown();
		parked.forEach((task) -> assertThat(task).succeedsWithin(1, TimeUnit.MINUTES));
	}

	private static Set<String> union(Set<String> fields, String... more) {
		Set<String> union = new HashSet<>(fields);
		union.addAll(List.of(more));
		return union;
	}

	static JsonNode worker(JsonNode body, String name) {
		for (JsonNode worker : body.get("workers")) {
			if (worker.get("name").asString().equals(name)) {
				return worker;
			}
		}
		throw new AssertionError("no worker " + name + " in " + body);
	}

}
