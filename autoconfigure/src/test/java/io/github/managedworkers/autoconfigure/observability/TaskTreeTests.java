package io.github.managedworkers.autoconfigure.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import io.github.managedworkers.TaskGroup;
import io.github.managedworkers.ThreadMode;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=workers", "management.endpoint.workers.roles=ops",
				"management.endpoint.workers.max-frames=8" })
@DirtiesContext
class TaskTreeTests {

	@LocalServerPort
	int port;

	@Autowired
	WorkerRegistry registry;

	private final CountDownLatch release = new CountDownLatch(1);

	private Http http;

	private WorkerHandle fanout;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.fanout = this.registry.register(WorkerSpec.builder("fanout").maxConcurrency(100_000).build());
		this.fanout.start();
	}

	@AfterEach
	void tearDown() {
		this.release.countDown();
		this.registry.remove("fanout");
	}

	@Test
	void tasksNestUnderTheirGroupsAndGroupsUnderTheTaskThatOpenedThem() throws Exception {
		// A task that opens a group of two; a group of one opened from outside any task; a plain task.
		CompletableFuture<Object> parent = this.fanout.submit((ctx) -> {
			try (TaskGroup<Object> group = ctx.group()) {
				group.submit((c) -> park());
				group.submit((c) -> park());
				return group.join();
			}
		});
		TaskGroup<Object> outside = this.fanout.group();
		outside.submit((ctx) -> park());
		CompletableFuture<Object> plain = this.fanout.submit((ctx) -> park());
		awaitParked(5); // the opener waits in join(), the others in park()

		JsonNode tree = this.http.as("bob:ops").get("/actuator/workers/fanout?view=tree").json();
		assertThat(tree.get("activeTasks").asInt()).isEqualTo(5);
		assertThat(tree.get("listed").asInt()).isEqualTo(5);
		assertThat(tree.get("omitted").asInt()).isZero();
		JsonNode roots = tree.get("tasks");
		assertThat(roots).hasSize(2);
		JsonNode opener = roots.get(0);
		assertThat(opener.propertyNames()).contains("id", "kind", "thread", "virtual", "startedAt", "runningFor",
				"state", "stack", "groups");
		assertThat(opener.get("groups")).hasSize(1);
		JsonNode group = opener.get("groups").get(0);
		assertThat(group.get("openedBy").asLong()).isEqualTo(opener.get("id").asLong());
		assertThat(group.get("tasks")).hasSize(2);
		assertThat(group.get("tasks").get(0).get("stack").toString()).contains("park");
		assertThat(roots.get(1).get("groups")).isEmpty();
		JsonNode top = tree.get("groups");
		assertThat(top).hasSize(1);
		assertThat(top.get(0).get("openedBy").asLong()).isZero();
		assertThat(top.get(0).get("tasks")).hasSize(1);

		JsonNode anonymous = this.http.get("/actuator/workers/fanout?view=tree").json();
		assertThat(anonymous.get("stacksShown").asBoolean()).isFalse();
		assertThat(anonymous.get("tasks").get(0).get("stack")).isEmpty();

		this.release.countDown();
		assertThat(parent).succeedsWithin(ObservedApplication.LONG);
		assertThat(plain).succeedsWithin(ObservedApplication.LONG);
		outside.close();
	}

	@Test
	void aHundredThousandLiveTasksAnswerWithinTheLimitAndSayHowManyWereLeftOut() throws Exception {
		// A hundred thousand on virtual threads; platform threads (Java 17) cost an OS thread each.
		int live = (this.registry.threadMode() == ThreadMode.VIRTUAL) ? 100_000 : 2_000;
		List<CompletableFuture<Object>> parked = new ArrayList<>();
		try (TaskGroup<Object> group = this.fanout.group()) {
			for (int i = 0; i < live; i++) {
				parked.add(group.submit((ctx) -> park()));
			}
			long started = System.nanoTime();
			Http.Response response = this.http.as("bob:ops").get("/actuator/workers/fanout?view=tree&limit=50");
			long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			JsonNode tree = response.json();
			assertThat(tree.get("listed").asInt()).isEqualTo(50);
			assertThat(tree.get("activeTasks").asInt()).isEqualTo(live);
			assertThat(tree.get("omitted").asInt()).isEqualTo(live - 50);
			assertThat(tree.get("groups").get(0).get("tasks")).hasSize(50);
			assertThat(elapsedMillis).isLessThan(10_000);
			this.release.countDown();
			group.join();
		}
		parked.forEach(CompletableFuture::join);
	}

	@Test
	void aBadViewIsA400() throws Exception {
		Http.Response response = this.http.get("/actuator/workers/fanout?view=forest");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("error").asString()).isEqualTo("Invalid view 'forest': allowed is 'tree'");
	}

	private Object park() throws InterruptedException {
		return this.release.await(1, TimeUnit.MINUTES);
	}

	private void awaitParked(int count) {
		await().atMost(ObservedApplication.LONG)
			.until(() -> this.fanout.tasks(Integer.MAX_VALUE, 0)
				.stream()
				.filter((task) -> task.state() == Thread.State.TIMED_WAITING || task.state() == Thread.State.WAITING)
				.count() == count);
	}

}
