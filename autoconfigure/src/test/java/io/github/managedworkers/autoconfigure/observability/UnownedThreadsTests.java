package io.github.managedworkers.autoconfigure.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
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

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.endpoint.StrayThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=workers", "management.endpoint.workers.roles=ops" })
@DirtiesContext
class UnownedThreadsTests {

	@LocalServerPort
	int port;

	@Autowired
	WorkerRegistry registry;

	@Autowired
	MeterRegistry meters;

	private Http http;

	@BeforeEach
	void connect() {
		this.http = new Http(this.port);
	}

	@Test
	void threadsStartedOutsideTheRegistryAreListedByStackAndCountedUntilTheyEnd() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<Thread> forgotten = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Thread thread = new Thread(() -> StrayThreads.awaitQuietly(release), "forgotten-" + i);
			thread.setDaemon(true);
			forgotten.add(thread);
			thread.start();
		}
		try {
			// Awaitility polls on this thread, so that the check starts no thread of its own to count.
			await().pollInSameThread()
				.atMost(ObservedApplication.LONG)
				.until(() -> forgotten.stream().allMatch((t) -> t.getState() == Thread.State.TIMED_WAITING));
			// The JVM's other threads come and go (virtual-thread carriers, for one): the gauge is compared with the
			// unowned threads listed at the same moment, which must include these three.
			assertThat(unownedPlatformThreads()).containsAll(forgotten);
			await().pollInSameThread().atMost(ObservedApplication.LONG).until(this::gaugeMatchesTheListing);

			JsonNode view = this.http.as("bob:ops").get("/actuator/workers?view=unowned").json();
			assertThat(view.get("stacksShown").asBoolean()).isTrue();
			JsonNode group = groupNamed(view, "forgotten-0");
			assertThat(group.get("count").asInt()).isEqualTo(3);
			assertThat(group.get("threads").toString()).contains("forgotten-0", "forgotten-1", "forgotten-2");
			assertThat(group.get("virtual").asBoolean()).isFalse();
			assertThat(group.get("state").asString()).isEqualTo("TIMED_WAITING");
			assertThat(group.get("stack").toString()).contains("awaitQuietly");
			assertThat(view.toString()).doesNotContain("\"jobs-", "\"fragile-");

			// Who may not see stacks gets counts by state: no names, no stacks, no virtual threads, no dump.
			JsonNode anonymous = this.http.get("/actuator/workers?view=unowned").json();
			assertThat(anonymous.get("stacksShown").asBoolean()).isFalse();
			assertThat(anonymous.get("virtualThreadsListed").asBoolean()).isFalse();
			assertThat(anonymous.get("groups")).isEmpty();
			assertThat(anonymous.get("states").get("TIMED_WAITING").asInt()).isGreaterThanOrEqualTo(3);
			assertThat(anonymous.get("unownedThreads").asInt()).isEqualTo(anonymous.get("platform").asInt());
			assertThat(anonymous.toString()).doesNotContain("forgotten-", "awaitQuietly");
		}
		finally {
			release.countDown();
			for (Thread thread : forgotten) {
				thread.join(TimeUnit.MINUTES.toMillis(1));
			}
		}
		assertThat(unownedPlatformThreads()).doesNotContainAnyElementsOf(forgotten);
		await().pollInSameThread().atMost(ObservedApplication.LONG).until(this::gaugeMatchesTheListing);
		JsonNode after = this.http.as("bob:ops").get("/actuator/workers?view=unowned").json();
		assertThat(after.toString()).doesNotContain("forgotten-");
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsStartedOutsideTheRegistryAreListedToo() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Thread stray = StrayThreads.startVirtual("stray-virtual", release);
		try {
			JsonNode view = this.http.as("bob:ops").get("/actuator/workers?view=unowned").json();
			assertThat(view.get("virtualThreadsListed").asBoolean()).isTrue();
			assertThat(view.get("truncated").asBoolean()).isFalse();
			JsonNode group = groupNamed(view, "stray-virtual");
			assertThat(group.get("virtual").asBoolean()).isTrue();
			assertThat(view.get("virtual").asInt()).isGreaterThanOrEqualTo(1);
			assertThat(this.http.get("/actuator/workers?view=unowned").body()).doesNotContain("stray-virtual");
		}
		finally {
			release.countDown();
			stray.join(TimeUnit.MINUTES.toMillis(1));
		}
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aThreadNameTheJdkCannotDumpLeavesThePlatformThreadsListedAndSaysWhy() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Thread ringing = new Thread(() -> StrayThreads.awaitQuietly(release), "ringing\u0007thread");
		ringing.setDaemon(true);
		ringing.start();
		try {
			Http.Response response = this.http.as("bob:ops").get("/actuator/workers?view=unowned");
			assertThat(response.status()).isEqualTo(200);
			JsonNode view = response.json();
			assertThat(groupNamed(view, "ringing\u0007thread").get("virtual").asBoolean()).isFalse();
			if (!view.get("virtualThreadsListed").asBoolean()) { // the JDKs whose dump fails on it (25 does)
				assertThat(view.get("note").asString()).startsWith("Virtual threads are not listed: ");
				assertThat(view.get("virtual").asInt()).isZero();
			}
		}
		finally {
			release.countDown();
			ringing.join(TimeUnit.MINUTES.toMillis(1));
		}
	}

	@Test
	void aBadViewIsA400() throws Exception {
		Http.Response response = this.http.get("/actuator/workers?view=everything");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("error").asString())
			.isEqualTo("Invalid view 'everything': allowed is 'unowned'");
	}

	private boolean gaugeMatchesTheListing() {
		double gauge = this.meters.get("workers.threads.unowned").gauge().value();
		return gauge == unownedPlatformThreads().size();
	}

	private List<Thread> unownedPlatformThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !this.registry.ownsThread(thread))
			.toList();
	}

	private static JsonNode groupNamed(JsonNode view, String thread) {
		for (JsonNode group : view.get("groups")) {
			for (JsonNode name : group.get("threads")) {
				if (name.asString().equals(thread)) {
					return group;
				}
			}
		}
		throw new AssertionError("no group with thread " + thread + " in " + view);
	}

}
