package io.github.managedworkers.autoconfigure.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.actuate.audit.listener.AuditListener;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import io.github.managedworkers.TaskKind;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * What an anonymous caller of an exposed endpoint can cost and learn: bounded answers, no failure message past
 * {@code show-stacks}, bad values quoted short, every action audited.
 */
@SpringBootTest(classes = { ObservedApplication.class, WorkersEndpointSafetyTests.Audited.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=workers", "management.endpoint.workers.roles=ops",
				"management.endpoint.workers.access=unrestricted", "management.endpoint.workers.task-limit=5",
				// Boot's audit auto-configuration needs Spring Security (the security-it module has it); its listener
				// is declared below instead.
				"spring.autoconfigure.exclude=org.springframework.boot.actuate.autoconfigure.audit.AuditAutoConfiguration" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class WorkersEndpointSafetyTests {

	private static final String SECRET = "card 4111 1111 1111 1111, token s3cr3t";

	@LocalServerPort
	int port;

	@Autowired
	WorkerRegistry registry;

	@Autowired
	AuditEventRepository auditEvents;

	private Http http;

	@BeforeEach
	void connect() {
		this.http = new Http(this.port);
	}

	@Test
	void aFailureMessageIsShownOnlyToWhoMaySeeStacks() throws Exception {
		CompletableFuture<Object> failed = this.registry.get("jobs").submit((ctx) -> {
			throw new IllegalArgumentException(SECRET);
		});
		await().atMost(ObservedApplication.LONG).until(failed::isDone);
		await().atMost(ObservedApplication.LONG).until(() -> this.registry.get("jobs").snapshot().lastFailure() != null);

		JsonNode anonymousList = WorkersEndpointTests.worker(this.http.get("/actuator/workers").json(), "jobs");
		assertThat(anonymousList.get("lastFailure").get("type").asString())
			.isEqualTo(IllegalArgumentException.class.getName());
		assertThat(anonymousList.get("lastFailure").has("message")).isFalse();
		assertThat(this.http.get("/actuator/workers").body()).doesNotContain("4111", "s3cr3t");
		assertThat(this.http.get("/actuator/workers/jobs").body()).doesNotContain("4111", "s3cr3t");
		assertThat(this.http.as("alice:dev").get("/actuator/workers/jobs").body()).doesNotContain("4111");

		JsonNode operator = this.http.as("bob:ops").get("/actuator/workers/jobs").json();
		assertThat(operator.get("lastFailure").get("message").asString()).isEqualTo(SECRET);
		JsonNode operatorList = WorkersEndpointTests.worker(this.http.as("bob:ops").get("/actuator/workers").json(),
				"jobs");
		assertThat(operatorList.get("lastFailure").get("message").asString()).isEqualTo(SECRET);
	}

	@Test
	void noLimitNorGroupingListsMoreThanTheTaskLimit() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Object>> parked = park(8, release);
		try {
			JsonNode listed = this.http.as("bob:ops").get("/actuator/workers/jobs?limit=2147483647").json();
			assertThat(listed.get("tasks")).hasSize(5);
			assertThat(listed.get("omitted").asInt()).isEqualTo(4); // the body and eight tasks, five listed
			assertThat(this.http.get("/actuator/workers/jobs?limit=3").json().get("tasks")).hasSize(3);

			JsonNode grouped = this.http.as("bob:ops").get("/actuator/workers/jobs?group=stack").json();
			int count = 0;
			for (JsonNode group : grouped.get("groups")) {
				count += group.get("count").asInt();
			}
			assertThat(count).isEqualTo(5);
			assertThat(grouped.get("omitted").asInt()).isEqualTo(4);

			JsonNode tree = this.http.as("bob:ops").get("/actuator/workers/jobs?view=tree&limit=100000").json();
			assertThat(tree.get("listed").asInt()).isEqualTo(5);
			assertThat(tree.get("omitted").asInt()).isEqualTo(4);
		}
		finally {
			release.countDown();
			parked.forEach((task) -> assertThat(task).succeedsWithin(1, TimeUnit.MINUTES));
		}
	}

	@Test
	void aHugeBadValueIsQuotedShortInTheAnswer() throws Exception {
		String huge = "x".repeat(3 * 1024 * 1024);
		Http.Response response = this.http.post("/actuator/workers/jobs", "{\"action\":\"" + huge + "\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body().length()).isLessThan(1024);
		assertThat(response.json().get("error").asString()).startsWith("Invalid action '" + "x".repeat(64)
				+ "... (3145728 characters)': allowed is 'stop'");

		String long4k = "y".repeat(4000);
		Http.Response group = this.http.get("/actuator/workers/jobs?group=" + long4k);
		assertThat(group.status()).isEqualTo(400);
		assertThat(group.body().length()).isLessThan(1024);
		assertThat(this.http.get("/actuator/workers/jobs?view=" + long4k).body().length()).isLessThan(1024);
		assertThat(this.http.get("/actuator/workers?view=" + long4k).body().length()).isLessThan(1024);
		assertThat(this.http.get("/actuator/workers/" + long4k).body().length()).isLessThan(1024);
	}

	@Test
	void everyActionIsAuditedWithTheCallerOnOneLineAsALogLineAndAnAuditEvent(CapturedOutput output)
			throws Exception {
		assertThat(this.http.as("mallory%0AINFO forged line:ops")
			.post("/actuator/workers/jobs", "{\"action\":\"pause\"}")
			.status()).isEqualTo(400);
		assertThat(this.http.as("carol:ops").post("/actuator/workers/jobs", "{\"action\":\"restart\"}").status())
			.isEqualTo(200);
		assertThat(this.http.post("/actuator/workers/nope", "{\"action\":\"stop\"}").status()).isEqualTo(404);

		assertThat(output).contains("Workers endpoint: 'mallory?INFO forged line' asked 'pause' of worker 'jobs': "
				+ "refused: Cannot pause worker 'jobs'");
		assertThat(output).doesNotContain("mallory\nINFO forged line");
		assertThat(output).contains("Workers endpoint: 'carol' asked 'restart' of worker 'jobs': done: state "
				+ "RUNNING, Drained 1 worker [jobs]");
		assertThat(output).contains(
				"Workers endpoint: an unauthenticated caller asked 'stop' of worker 'nope': no such worker");

		List<AuditEvent> events = this.auditEvents.find(null, null, "WORKER_ACTION")
			.stream()
			.filter((event) -> List.of("pause", "restart", "stop").contains(event.getData().get("action")))
			.toList();
		assertThat(events).extracting(AuditEvent::getPrincipal)
			.containsExactly("mallory?INFO forged line", "carol", "anonymousUser");
		assertThat(events).extracting(AuditEvent::getData)
			.extracting((data) -> data.get("worker"), (data) -> data.get("action"))
			.containsExactly(tuple("jobs", "pause"), tuple("jobs", "restart"), tuple("nope", "stop"));
		assertThat(events.get(1).getData().get("outcome").toString()).startsWith("done: state RUNNING");
	}

	private List<CompletableFuture<Object>> park(int count, CountDownLatch release) {
		WorkerHandle jobs = this.registry.get("jobs");
		List<CompletableFuture<Object>> parked = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			parked.add(jobs.submit((ctx) -> release.await(1, TimeUnit.MINUTES)));
		}
		await().atMost(ObservedApplication.LONG)
			.until(() -> jobs.tasks(Integer.MAX_VALUE, 0)
				.stream()
				.filter((task) -> task.kind() == TaskKind.TASK && task.state() == Thread.State.TIMED_WAITING)
				.count() == count);
		return parked;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Audited {

		@Bean
		InMemoryAuditEventRepository auditEventRepository() {
			return new InMemoryAuditEventRepository();
		}

		@Bean
		AuditListener auditListener(AuditEventRepository repository) {
			return new AuditListener(repository);
		}

	}

}
