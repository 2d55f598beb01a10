package io.github.managedworkers.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the packaged sample on one database (an H2 TCP server this test runs, reached by each instance
 * through a proxy the test can cut): the exclusive reaper runs on one at a time and hands over on SIGTERM, on
 * kill -9 and on a lost database without two runs ever overlapping; the job runner shares the queue, each job done
 * once.
 */
class ExclusiveEndToEndIT {

	private static final Duration TTL = Duration.ofSeconds(3);

	private static final Duration RENEW = Duration.ofSeconds(1);

	/** Room for two JVMs on a shared, slow machine: polling, HTTP and scheduling. */
	private static final Duration SLACK = Duration.ofSeconds(3);

	private static final Duration LONG = Duration.ofMinutes(2);

	@TempDir
	Path workingDirectory;

	private Server database;

	private final List<TcpProxy> proxies = new ArrayList<>();

	private final List<SampleProcess> processes = new ArrayList<>();

	@BeforeEach
	void startDatabase() throws Exception {
		this.database = Server
			.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", this.workingDirectory.toString())
			.start();
	}

	@AfterEach
	void stopEverything() throws Exception {
		for (SampleProcess process : this.processes) {
			process.kill();
		}
		for (TcpProxy proxy : this.proxies) {
			proxy.close();
		}
		this.database.stop();
	}

	@Test
	void oneLeaderAtATimeAcrossSigtermKillAndALostDatabaseAndTheQueueSharedOnce() throws Exception {
		TcpProxy pathOfA = proxy();
		SampleProcess a = start("a", pathOfA);
		await().atMost(LONG).until(() -> "RUNNING".equals(reaper(a).get("state").asString()));
		TcpProxy pathOfB = proxy();
		SampleProcess b = start("b", pathOfB);
		assertThat(reaper(b).get("state").asString()).isEqualTo("STANDBY");
		await().atMost(LONG).until(() -> "a".equals(holder(b)));
		assertThat(reaper(a).get("exclusive").get("role").asString()).isEqualTo("leader");
		assertThat(reaper(b).get("exclusive").get("role").asString()).isEqualTo("standby");

		// The shared queue: both instances take jobs, and each job is done once.
		assertThat(a.http.post("/jobs", "{\"count\": 120, \"workMillis\": 150}").status()).isEqualTo(202);
		await().atMost(LONG).until(() -> b.get("/jobs/stats").get("done").asLong() == 120);
		assertThat(b.get("/jobs/stats").get("duplicates").asLong()).isZero();
		JsonNode doneBy = a.get("/jobs/done-by");
		assertThat(doneBy.has("a") && doneBy.has("b")).as("both instances did jobs: %s", doneBy).isTrue();

		// SIGTERM to the leader: b takes over only after a's drain ended.
		long sigterm = System.nanoTime();
		a.sigterm();
		await().atMost(LONG).pollInterval(Duration.ofMillis(20))
			.until(() -> "RUNNING".equals(reaper(b).get("state").asString()));
		Duration handover = since(sigterm);
		assertThat(a.awaitExit(LONG)).isTrue();
		assertThat(a.log()).contains("instance 'a' released its lease");

		// The database lost by the leader: b fences itself within its lease, then a2 takes over.
		TcpProxy pathOfA2 = proxy();
		SampleProcess a2 = start("a2", pathOfA2);
		await().atMost(LONG).until(() -> "b".equals(holder(a2)));
		long cut = System.nanoTime();
		pathOfB.cut();
		await().atMost(LONG).pollInterval(Duration.ofMillis(20))
			.until(() -> !"RUNNING".equals(reaper(b).get("state").asString()));
		Duration fenced = since(cut);
		await().atMost(LONG).pollInterval(Duration.ofMillis(20))
			.until(() -> "RUNNING".equals(reaper(a2).get("state").asString()));
		Duration takenOver = since(cut);
		assertThat(b.log()).contains("Worker 'reaper' lost its lease");
		pathOfB.restore();
		await().atMost(LONG).until(() -> "a2".equals(holder(b)));
		assertThat(reaper(b).get("state").asString()).isEqualTo("STANDBY");

		// An operator restart of the leader over HTTP (stop, then start at once): exactly one instance runs the
		// reaper again within ttl + renew, and it stays one.
		long restart = System.nanoTime();
		assertThat(a2.http.post("/actuator/workers/reaper", "{\"action\":\"restart\"}").status()).isEqualTo(200);
		await().atMost(LONG).pollInterval(Duration.ofMillis(20)).until(() -> running(a2, b) == 1);
		Duration runningAgain = since(restart);
		String leader = "RUNNING".equals(reaper(a2).get("state").asString()) ? "a2" : "b";
		await().atMost(LONG).until(() -> leader.equals(holder(a2)) && leader.equals(holder(b)));
		assertThat(running(a2, b)).isEqualTo(1);
		SampleProcess leading = leader.equals("a2") ? a2 : b;
		SampleProcess standby = leader.equals("a2") ? b : a2;
		assertThat(reaper(standby).get("state").asString()).isEqualTo("STANDBY");

		// kill -9 of the leader: the other takes over once the lease expires.
		long kill = System.nanoTime();
		leading.sigkill();
		await().atMost(LONG).pollInterval(Duration.ofMillis(20))
			.until(() -> "RUNNING".equals(reaper(standby).get("state").asString()));
		Duration afterKill = since(kill);

		System.out.printf("[exclusive e2e] java %s: SIGTERM handover %d ms; database lost: fenced after %d ms, "
				+ "taken over after %d ms; operator restart: running again after %d ms on %s; kill -9 taken over after "
				+ "%d ms (lease-ttl %d ms, renew-interval %d ms)%n", Runtime.version().feature(), handover.toMillis(),
				fenced.toMillis(), takenOver.toMillis(), runningAgain.toMillis(), leader, afterKill.toMillis(),
				TTL.toMillis(), RENEW.toMillis());
		assertThat(handover).as("SIGTERM handover").isLessThan(Duration.ofSeconds(15).plus(RENEW).plus(SLACK));
		assertThat(fenced).as("fenced within the lease").isLessThan(TTL);
		assertThat(fenced).as("fenced before the takeover").isLessThan(takenOver);
		assertThat(runningAgain).as("running again after an operator restart").isLessThan(TTL.plus(RENEW).plus(SLACK));
		assertThat(afterKill).as("kill -9 takeover").isLessThan(TTL.plus(RENEW).plus(SLACK));
		assertNoRunsOverlap(standby.get("/reaper/runs"));
	}

	/** Runs cut off from the database by the cut could not record their end; every recorded run is checked. */
	private static void assertNoRunsOverlap(JsonNode runs) {
		long previousEnd = Long.MIN_VALUE;
		String previousInstance = null;
		int checked = 0;
		for (JsonNode run : runs) {
			if (run.get("endedAt").isNull()) {
				continue;
			}
			long start = run.get("startedAt").asLong();
			assertThat(start).as("a run of %s started before the run of %s ended", run.get("instance").asString(),
					previousInstance).isGreaterThanOrEqualTo(previousEnd);
			previousEnd = run.get("endedAt").asLong();
			previousInstance = run.get("instance").asString();
			checked++;
		}
		assertThat(checked).isGreaterThan(3);
	}

	/** How many of the instances run the reaper now. */
	private static long running(SampleProcess... processes) throws Exception {
		long running = 0;
		for (SampleProcess process : processes) {
			if ("RUNNING".equals(reaper(process).get("state").asString())) {
				running++;
			}
		}
		return running;
	}

	private static Duration since(long nanos) {
		return Duration.ofNanos(System.nanoTime() - nanos);
	}

	/** The lease's holder as the instance sees it; none while it does not know. */
	private static String holder(SampleProcess process) throws Exception {
		JsonNode holder = reaper(process).get("exclusive").get("holder");
		return (holder != null && !holder.isNull()) ? holder.asString() : null;
	}

	private static JsonNode reaper(SampleProcess process) throws Exception {
		return process.get("/actuator/workers/reaper");
	}

	private TcpProxy proxy() throws Exception {
		TcpProxy proxy = new TcpProxy(this.database.getPort());
		this.proxies.add(proxy);
		return proxy;
	}

	private SampleProcess start(String id, TcpProxy path) throws Exception {
		SampleProcess process = SampleProcess.start(this.workingDirectory, id,
				"--spring.datasource.url=jdbc:h2:tcp://localhost:" + path.port() + "/./shared;DB_CLOSE_ON_EXIT=FALSE",
				"--spring.datasource.hikari.connection-timeout=500", "--managed-workers.exclusive.instance-id=" + id,
				"--managed-workers.exclusive.lease-ttl=" + TTL.toMillis() + "ms",
				"--managed-workers.exclusive.renew-interval=" + RENEW.toMillis() + "ms",
				"--managed-workers.shutdown.interrupt-grace=300ms", "--managed-workers.workers.reaper.every=200ms",
				"--sample.reaper.work=600ms", "--sample.jobs.claim-ttl=3s");
		this.processes.add(process);
		return process;
	}

}
