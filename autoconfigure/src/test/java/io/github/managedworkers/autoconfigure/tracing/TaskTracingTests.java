package io.github.managedworkers.autoconfigure.tracing;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = TracedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TaskTracingTests {

	@LocalServerPort
	int port;

	@Autowired
	SimpleTracer tracer;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void forgetEarlierSpans() {
		this.tracer.getSpans().clear();
	}

	@Test
	void aRequestThatSubmitsATaskHasAChildSpanForItAndTheTasksOwnCallsNestUnderThat() throws Exception {
		long durationsBefore = taskDurationCount("mailer");
		assertThat(get("/send")).isEqualTo("sent");

		SimpleSpan request = awaitSpan("http get /send");
		SimpleSpan task = awaitSpan("mailer task");
		SimpleSpan call = awaitSpan("smtp.send");
		assertThat(task.context().traceId()).isEqualTo(request.context().traceId());
		assertThat(task.getParentId()).isEqualTo(request.context().spanId());
		assertThat(call.getParentId()).isEqualTo(task.context().spanId());
		assertThat(task.getTags()).containsEntry("worker", "mailer")
			.containsEntry("kind", "task")
			.containsEntry("outcome", "completed")
			.containsKey("task.id");
		assertThat(task.getError()).isNull();

		// The duration is recorded once per task, under its own name; no second timer is named after the observation.
		assertThat(taskDurationCount("mailer")).isEqualTo(durationsBefore + 1);
		assertThat(this.meters.find("workers.task").timer()).isNull();
	}

	@Test
	void aFailedTasksSpanCarriesTheError() throws Exception {
		assertThat(get("/send?fail=true")).isEqualTo("failed");
		SimpleSpan task = awaitSpan("mailer task");
		assertThat(task.getTags()).containsEntry("outcome", "failed");
		assertThat(task.getError()).isInstanceOf(IllegalStateException.class).hasMessage("smtp down");
		assertThat(task.getParentId()).isEqualTo(awaitSpan("http get /send").context().spanId());
	}

	@Test
	void eachRunOfAPeriodicBodyStartsItsOwnTrace() {
		await().atMost(TracedApplication.LONG).until(() -> spans("ticker body").size() >= 2);
		List<SimpleSpan> runs = spans("ticker body");
		for (SimpleSpan run : runs) {
			assertThat(run.getParentId()).isNullOrEmpty();
			assertThat(run.getTags()).containsEntry("worker", "ticker")
				.containsEntry("kind", "body")
				.containsEntry("outcome", "completed");
		}
		assertThat(runs.get(0).context().traceId()).isNotEqualTo(runs.get(1).context().traceId());
	}

	private long taskDurationCount(String worker) {
		return this.meters.get("workers.task.duration").tag("worker", worker).timer().count();
	}

	private SimpleSpan awaitSpan(String name) {
		await().atMost(TracedApplication.LONG).until(() -> !spans(name).isEmpty());
		return spans(name).get(0);
	}

	private List<SimpleSpan> spans(String name) {
		return this.tracer.getSpans().stream().filter((span) -> name.equals(span.getName())).toList();
	}

	private String get(String path) throws Exception {
		HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + this.port + path)
			.toURL()
			.openConnection();
		try (InputStream in = connection.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		finally {
			connection.disconnect();
		}
	}

}
