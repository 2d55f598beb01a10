package io.github.managedworkers.securityit;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import tools.jackson.databind.JsonNode;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What each caller may read and do on the workers endpoint behind the Spring Security configuration of
 * {@link SecuredApplication}: run on the application's port and on a separate management port.
 */
abstract class SecuredWorkersEndpointContract {

	static final String SECRET = "token s3cr3t";

	@Autowired
	WorkerRegistry registry;

	@Autowired
	AuditEventRepository auditEvents;

	/** The port the actuator answers on. */
	abstract int actuatorPort();

	/** Whether the endpoint allows writes here ({@code access=unrestricted}). */
	abstract boolean writesAllowed();

	Http anonymous() {
		return Http.anonymous(actuatorPort());
	}

	Http operator() {
		return Http.as(actuatorPort(), "olivia", "operator-secret");
	}

	Http admin() {
		return Http.as(actuatorPort(), "adam", "admin-secret");
	}

	@Test
	void anAnonymousCallerSeesHealthAndCanNeitherReadNorActOnWorkers() throws Exception {
		assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
		assertThat(anonymous().get("/actuator/workers").status()).isEqualTo(401);
		assertThat(anonymous().get("/actuator/workers/jobs").status()).isEqualTo(401);
		assertThat(anonymous().get("/actuator/workers?view=unowned").status()).isEqualTo(401);
		assertThat(anonymous().postJson("/actuator/workers/jobs", "{\"action\":\"stop\"}").status()).isEqualTo(401);
		assertThat(Http.as(actuatorPort(), "adam", "wrong").get("/actuator/workers").status()).isEqualTo(401);
		assertThat(this.registry.get("jobs").state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void anOperatorReadsStacksAndFailureMessagesButCannotAct() throws Exception {
		CompletableFuture<Object> failed = this.registry.get("jobs").submit((ctx) -> {
			throw new IllegalStateException(SECRET);
		});
		await().atMost(SecuredApplication.LONG).until(failed::isDone);
		await().atMost(SecuredApplication.LONG).until(() -> this.registry.get("jobs").snapshot().lastFailure() != null);

		Http.Response list = operator().get("/actuator/workers");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).contains(SECRET);
		JsonNode jobs = operator().get("/actuator/workers/jobs").json();
		assertThat(jobs.get("stacksShown").asBoolean()).isTrue();
		assertThat(jobs.get("tasks").get(0).get("stack")).isNotEmpty();
		JsonNode unowned = operator().get("/actuator/workers?view=unowned").json();
		assertThat(unowned.get("stacksShown").asBoolean()).isTrue();
		assertThat(unowned.get("groups")).isNotEmpty();

		assertThat(operator().postJson("/actuator/workers/jobs", "{\"action\":\"stop\"}").status()).isEqualTo(403);
		assertThat(operator().postJson("/actuator/workers/jobs", "{\"action\":\"resize\",\"maxConcurrency\":1}")
			.status()).isEqualTo(403);
		assertThat(operator().get("/actuator/env").status()).isIn(403, 404);
		assertThat(this.registry.get("jobs").state()).isEqualTo(WorkerState.RUNNING);
		assertThat(this.registry.get("jobs").snapshot().maxConcurrency()).isEqualTo(8);
	}

	@Test
	void anAdminActsOnlyWhereWritesAreAllowedAndEveryActionIsAuditedUnderItsName() throws Exception {
		Instant before = Instant.now().minusSeconds(1);
		Http.Response paused = admin().postJson("/actuator/workers/reports", "{\"action\":\"pause\"}");
		if (!writesAllowed()) {
			assertThat(paused.status()).isEqualTo(405);
			assertThat(this.registry.get("reports").state()).isEqualTo(WorkerState.RUNNING);
			assertThat(this.auditEvents.find("adam", before, "WORKER_ACTION")).isEmpty();
			return;
		}
		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.json().get("state").asString()).isEqualTo("PAUSED");
		Http.Response resized = admin().postJson("/actuator/workers/jobs",
				"{\"action\":\"resize\",\"maxConcurrency\":12}");
		assertThat(resized.json().get("maxConcurrency").asInt()).isEqualTo(12);
		assertThat(admin().postJson("/actuator/workers/reports", "{\"action\":\"resume\"}").json().get("state")
			.asString()).isEqualTo("RUNNING");
		// A cross-site form cannot post an action: the actuator reads JSON only.
		assertThat(admin().post("/actuator/workers/jobs", "application/x-www-form-urlencoded", "action=stop").status())
			.isEqualTo(415);
		assertThat(admin().post("/actuator/workers/jobs", "text/plain", "{\"action\":\"stop\"}").status())
			.isEqualTo(415);
		assertThat(this.registry.get("jobs").state()).isEqualTo(WorkerState.RUNNING);

		List<AuditEvent> events = this.auditEvents.find("adam", before, "WORKER_ACTION");
		assertThat(events).extracting((event) -> event.getData().get("worker") + " " + event.getData().get("action")
				+ " " + event.getData().get("outcome"))
			.containsExactly("reports pause done: state PAUSED", "jobs resize done: maxConcurrency 8 -> 12",
					"reports resume done: state RUNNING");
		this.registry.get("jobs").resize(8);
	}

}
