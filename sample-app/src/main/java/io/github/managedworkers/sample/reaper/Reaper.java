package io.github.managedworkers.sample.reaper;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.sample.jobs.JobStore;

/**
 * The {@code reaper} worker: exclusive, so it runs on one instance at a time however many run. Each run puts back in
 * the queue the jobs whose instance is gone, and records its start and end, with the instance, in
 * {@code reaper_runs}: two runs never overlap, across a handover too.
 */
@Component
public class Reaper {

	private final JobStore jobs;

	private final JdbcTemplate jdbc;

	/** How long a run lasts beyond its reaping, to make a handover in the middle of a run likely (tests). */
	private final Duration work;

	public Reaper(JobStore jobs, JdbcTemplate jdbc, Environment environment) {
		this.jobs = jobs;
		this.jdbc = jdbc;
		this.work = environment.getProperty("sample.reaper.work", Duration.class, Duration.ZERO);
	}

	@ManagedWorker(name = "reaper", every = "1s", exclusive = true)
	void reap(WorkerContext ctx) {
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			var insert = connection.prepareStatement(
					"INSERT INTO reaper_runs (instance_id, started_at) VALUES (?, ?)", new String[] { "ID" });
			insert.setString(1, this.jobs.instanceId());
			insert.setTimestamp(2, Timestamp.from(Instant.now()));
			return insert;
		}, key);
		try {
			this.jobs.requeueExpiredClaims();
			ctx.sleep(this.work); // a stop signal ends the run's work early; the run still records its end
		}
		finally {
			this.jdbc.update("UPDATE reaper_runs SET ended_at = ? WHERE id = ?", Timestamp.from(Instant.now()),
					key.getKey().longValue());
		}
	}

}
