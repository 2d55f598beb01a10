package io.github.managedworkers.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app as a real process, told to stop by a real signal: nothing it accepted is lost, nothing is done
 * twice.
 */
class ShutdownEndToEndIT {

	/** The sample's managed-workers.shutdown.drain-timeout plus interrupt-grace, as application.properties sets them. */
	private static final Duration DRAIN = Duration.ofSeconds(15 + 2);

	/** Room for the JVM and Spring to shut down around the drain. */
	private static final Duration MARGIN = Duration.ofSeconds(10);

	private static final Duration LONG = Duration.ofMinutes(2);

	@TempDir
	Path workingDirectory;

	private final List<SampleProcess> processes = new ArrayList<>();

	@AfterEach
	void leaveNoProcessBehind() throws InterruptedException {
		for (SampleProcess process : this.processes) {
			process.kill();
		}
	}

	@Test
	void sigtermWhileJobsRunLosesNoJobAndNoEvent() throws Exception {
		SampleProcess first = start("first");
		assertThat(first.http.post("/jobs", "{\"count\": 200, \"workMillis\": 100}").status()).isEqualTo(202);
		int events = 100;
		for (int i = 0; i < events; i++) {
			assertThat(first.http.post("/events", "{\"type\": \"click\", \"n\": " + i + "}").status()).isEqualTo(202);
		}
		await().atMost(LONG).until(() -> {
			JsonNode stats = first.get("/jobs/stats");
			return stats.get("running").asLong() > 0 && stats.get("done").asLong() > 0;
		});

		JsonNode workers = first.get("/actuator/workers");
		assertThat(workers.toString()).contains("\"name\":\"async\"").contains("\"source\":\"async\"")
			.contains("\"name\":\"eventAudit.report\"").contains("\"source\":\"scheduled\"")
			.contains("\"name\":\"notificationExecutor\"").contains("\"source\":\"executor\"");

		long signalled = System.nanoTime();
		first.sigterm();
		assertThat(first.awaitExit(DRAIN.plus(MARGIN))).as("exited within the drain timeout plus a margin").isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(DRAIN.plus(MARGIN));
		String log = first.log();
		assertThat(log)
			.containsPattern("Drained \\d+ workers \\[.*async.*\\] in \\d+ ms: \\d+ tasks? finished, 0 interrupted, 0 abandoned")
			.containsPattern("Drained \\d+ workers \\[.*notificationExecutor.*\\] in \\d+ ms: \\d+ tasks? finished, 0 interrupted, 0 abandoned, 0 never started")
			.containsPattern("Sent (\\d+) of \\1 accepted notifications")
			.contains("Audited " + events + " events in all")
			.contains("Flushed")
			.contains("remaining events after the drain");

		SampleProcess second = start("second");
		await().atMost(LONG).until(() -> second.get("/jobs/stats").get("done").asLong() == 200);
		JsonNode stats = second.get("/jobs/stats");
		assertThat(stats.get("queued").asLong()).isZero();
		assertThat(stats.get("running").asLong()).isZero();
		assertThat(stats.get("duplicates").asLong()).isZero();
		assertThat(second.get("/events/stats").get("stored").asLong()).isEqualTo(events);
		second.sigterm();
		assertThat(second.awaitExit(DRAIN.plus(MARGIN))).isTrue();
	}

	@Test
	void sigkillLeavesJobsRunningThatTheNextStartQueuesAgain() throws Exception {
		SampleProcess first = start("first");
		assertThat(first.http.post("/jobs", "{\"count\": 60, \"workMillis\": 300}").status()).isEqualTo(202);
		await().atMost(LONG).until(() -> first.get("/jobs/stats").get("running").asLong() > 0);
		first.sigkill();
		assertThat(first.awaitExit(LONG)).isTrue();
		assertThat(first.log()).doesNotContain("Drained");

		SampleProcess second = start("second");
		// The exclusive reaper puts them back once their claims expired, with nothing running them any more.
		await().atMost(LONG).until(() -> second.log().contains("jobs whose claim expired"));
		await().atMost(LONG).until(() -> second.get("/jobs/stats").get("done").asLong() == 60);
		assertThat(second.get("/jobs/stats").get("duplicates").asLong()).isZero();
	}

	@Test
	void jobsLongerThanTheDrainAreInterruptedQueuedAgainAndDoneAfterRestart() throws Exception {
		Duration shortDrain = Duration.ofMillis(500);
		SampleProcess first = start("first", "--managed-workers.shutdown.drain-timeout=" + shortDrain.toMillis() + "ms");
		assertThat(first.http.post("/jobs", "{\"count\": 8, \"workMillis\": 6000}").status()).isEqualTo(202);
		await().atMost(LONG).until(() -> first.get("/jobs/stats").get("running").asLong() == 8);

		first.sigterm();
		assertThat(first.awaitExit(shortDrain.plus(Duration.ofSeconds(2)).plus(MARGIN))).isTrue();
		String log = first.log();
		assertThat(count(log, "was interrupted by the drain before its 6000 ms of work ended")).isEqualTo(8);
		assertThat(log).containsPattern("Drained \\d+ workers \\[.*\\] in \\d+ ms: \\d+ tasks? finished, 8 interrupted, 0 abandoned");

		SampleProcess second = start("second");
		JsonNode requeued = second.get("/jobs/stats");
		assertThat(requeued.get("done").asLong()).isZero();
		await().atMost(LONG).until(() -> second.get("/jobs/stats").get("done").asLong() == 8);
		assertThat(second.get("/jobs/stats").get("duplicates").asLong()).isZero();
	}

	private SampleProcess start(String name, String... arguments) throws Exception {
		List<String> all = new ArrayList<>(List.of(arguments));
		// Short leases and claims: the next instance takes over the reaper, and the claims of a killed one, soon. As
		// short as the sample's 2 s interrupt-grace allows: a fence (renew-interval / 2 + interrupt-grace) must end
		// within a renew-interval, and renew-interval be under half the lease-ttl.
		all.addAll(List.of("--managed-workers.exclusive.lease-ttl=9s",
				"--managed-workers.exclusive.renew-interval=4100ms", "--sample.jobs.claim-ttl=3s"));
		SampleProcess process = SampleProcess.start(this.workingDirectory, name, all.toArray(new String[0]));
		this.processes.add(process);
		return process;
	}

	private static int count(String text, String phrase) {
		Matcher matcher = Pattern.compile(Pattern.quote(phrase)).matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
