package io.github.managedworkers.startersit;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.endpoint.SourcePollingChannelAdapter;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerState;
import io.github.managedworkers.autoconfigure.adoption.AdoptedTaskExecutor;
import io.github.managedworkers.test.CheckThreadLeaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter in a service on full {@code @EnableAutoConfiguration} beside Spring Integration, Quartz, Batch, JDBC,
 * JPA, WebSocket, WebFlux and the other starters on this module's class path: it starts (no auto-configuration
 * ordering cycle), adopts the service's {@code @Scheduled} and {@code @Async} work, leaves the other starters'
 * background work running, and everything stops when the context closes (the module's leak check runs after).
 * <p>
 * Reactor's shared {@code Schedulers.parallel()} threads are not checked: they belong to the JVM, not to any
 * application context, and live until {@code Schedulers.shutdownNow()}.
 */
@CheckThreadLeaks(ignoreNamed = "parallel-\\d+")
class ServiceStartsBesideBootStartersTests {

	private static final Duration LONG = Duration.ofMinutes(1);

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void theServiceStartsItsWorkIsAdoptedAndTheOtherStartersWorkRunsAndStops() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ServiceApplication.class)
			.properties("server.port=0", "management.endpoints.web.exposure.include=*", "spring.jpa.open-in-view=false")
			.run();
		ServiceApplication.Counters counters = context.getBean(ServiceApplication.Counters.class);
		WorkerRegistry registry = context.getBean(WorkerRegistry.class);
		Scheduler quartz = context.getBean(Scheduler.class);
		SourcePollingChannelAdapter poller = context.getBean("counterPoller", SourcePollingChannelAdapter.class);
		try {
			assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(AdoptedTaskExecutor.class);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			ServiceApplication.Mailer mailer = context.getBean(ServiceApplication.Mailer.class);
			assertThat(mailer.send("a@example.com").get(10, TimeUnit.SECONDS)).isEqualTo("async:a@example.com");
			await().atMost(LONG).until(() -> counters.ticks.get() >= 2 && counters.handled.get() >= 2
					&& counters.quartzRuns.get() >= 2 && counters.reaps.get() >= 2);
			assertThat(counters.tickWorker).isEqualTo("reports.tick");
			// Integration's poller runs on the application's task scheduler, the adopted one: it is owned too.
			assertThat(counters.pollWorker).isNotEqualTo("unowned");
			assertThat(counters.batchSteps.get()).isEqualTo(1);
			assertThat(context.getBean(JdbcTemplate.class)
				.queryForList("select status from BATCH_JOB_EXECUTION", String.class)).containsExactly("COMPLETED");
			ServiceApplication.Notes notes = context.getBean(ServiceApplication.Notes.class);
			ServiceApplication.Note note = new ServiceApplication.Note();
			note.text = "hello";
			notes.save(note);
			assertThat(notes.count()).isOne();

			JsonNode workers = json.readTree(get(port, "/actuator/workers")).get("workers");
			assertThat(field(workers, "reports.tick", "source")).isEqualTo("scheduled");
			assertThat(field(workers, "async", "source")).isEqualTo("async");
			assertThat(field(workers, "async", "completed")).isEqualTo("1");
			assertThat(field(workers, "reaper", "source")).isEqualTo("managed");
			await().atMost(LONG).until(() -> registry.get("reaper").state() == WorkerState.RUNNING);
			assertThat(json.readTree(get(port, "/actuator/workers/reaper")).get("exclusive").get("role").asString())
				.isEqualTo("leader");
			assertThat(json.readTree(get(port, "/actuator/health")).get("status").asString()).isEqualTo("UP");
		}
		finally {
			context.close();
		}
		assertThat(quartz.isShutdown()).isTrue();
		assertThat(poller.isRunning()).isFalse();
		assertThat(registry.workers()).allSatisfy((worker) -> assertThat(worker.state()).isEqualTo(WorkerState.STOPPED));
	}

	private static String field(JsonNode workers, String name, String field) {
		for (JsonNode worker : workers) {
			if (worker.get("name").asString().equals(name)) {
				return worker.get(field).asString();
			}
		}
		throw new AssertionError("No worker " + name + " in " + workers);
	}

	/** Real HTTP over {@link HttpURLConnection}, which starts no thread of its own. */
	private static String get(int port, String path) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + path)
			.toURL()
			.openConnection();
		int status = connection.getResponseCode();
		try (InputStream in = (status < 400) ? connection.getInputStream() : connection.getErrorStream()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(status).as("GET %s: %s", path, body).isEqualTo(200);
			return body;
		}
	}

}
