package io.github.managedworkers.sample.jobs;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.github.managedworkers.autoconfigure.exclusive.InstanceId;

/**
 * The jobs table: queued → running → done, and back to queued when a run is cut short.
 */
@Repository
public class JobStore {

	private static final Logger logger = LoggerFactory.getLogger(JobStore.class);

	private final JdbcTemplate jdbc;

	/** This instance's id, the same as its exclusive workers': who holds a claim. */
	private final String instanceId;

	/** How long a claim holds unless its instance extends it: an instance gone (kill -9) loses its claims then. */
	private final long claimTtlMillis;

	public JobStore(JdbcTemplate jdbc, InstanceId instanceId, Environment environment) {
		this.jdbc = jdbc;
		this.instanceId = instanceId.value();
		this.claimTtlMillis = environment.getProperty("sample.jobs.claim-ttl", Duration.class, Duration.ofSeconds(10))
			.toMillis();
	}

	public String instanceId() {
		return this.instanceId;
	}

	/**
	 * Extends this instance's claims: while it lives, no other instance takes its running jobs back. Times are the
	 * database's, so that the instances' clocks do not matter.
	 */
	public void extendClaims() {
		this.jdbc.update("UPDATE jobs SET claim_until = DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP) "
				+ "WHERE state = 'running' AND claimed_by = ?", this.claimTtlMillis, this.instanceId);
	}

	/**
	 * Puts back in the queue the running jobs whose claim expired: their instance is gone (a kill -9, a lost
	 * database). Run by the exclusive reaper, on one instance at a time; an instance that starts while others run
	 * jobs takes none of theirs.
	 * @return how many jobs went back to the queue
	 */
	public int requeueExpiredClaims() {
		int requeued = this.jdbc.update("UPDATE jobs SET state = 'queued', claimed_by = NULL, claim_until = NULL, "
				+ "updated_at = CURRENT_TIMESTAMP WHERE state = 'running' AND claim_until < CURRENT_TIMESTAMP");
		if (requeued > 0) {
			logger.info("Re-queued {} jobs whose claim expired: the instance that ran them is gone", requeued);
		}
		return requeued;
	}

	@Transactional
	public List<Long> enqueue(int count, int workMillis) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.batchUpdate((connection) -> connection
			.prepareStatement("INSERT INTO jobs (work_millis, state) VALUES (?, 'queued')", new String[] { "ID" }),
				new BatchPreparedStatementSetter() {
					@Override
					public void setValues(PreparedStatement insert, int i) throws SQLException {
						insert.setInt(1, workMillis);
					}

					@Override
					public int getBatchSize() {
						return count;
					}
				}, keys);
		List<Long> ids = new ArrayList<>(count);
		for (Map<String, Object> key : keys.getKeyList()) {
			ids.add(((Number) key.values().iterator().next()).longValue());
		}
		return ids;
	}

	/**
	 * Claims the oldest queued jobs.
	 * @param max the most jobs to claim
	 * @return the claimed jobs, now running
	 */
	public List<Job> claim(int max) {
		List<Job> candidates = this.jdbc.query(
				"SELECT id, work_millis FROM jobs WHERE state = 'queued' ORDER BY id LIMIT ?",
				(row, n) -> new Job(row.getLong("id"), row.getInt("work_millis")), max);
		List<Job> claimed = new ArrayList<>(candidates.size());
		for (Job job : candidates) {
			// Only one instance's update finds the job still queued: the others skip it.
			if (this.jdbc.update("UPDATE jobs SET state = 'running', claimed_by = ?, "
					+ "claim_until = DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP), updated_at = CURRENT_TIMESTAMP "
					+ "WHERE id = ? AND state = 'queued'", this.instanceId, this.claimTtlMillis, job.id()) == 1) {
				claimed.add(job);
			}
		}
		return claimed;
	}

	/**
	 * Records a job's completion, once.
	 * @param id the job
	 * @return whether the job was running and is now done
	 */
	@Transactional
	public boolean markDone(long id) {
		return this.jdbc.update("UPDATE jobs SET state = 'done', completions = completions + 1, done_by = ?, "
				+ "updated_at = CURRENT_TIMESTAMP WHERE id = ? AND state = 'running' AND claimed_by = ?",
				this.instanceId, id, this.instanceId) == 1;
	}

	/**
	 * Puts a job whose run was cut short back in the queue.
	 * @param id the job
	 */
	@Transactional
	public void requeue(long id) {
		this.jdbc.update("UPDATE jobs SET state = 'queued', claimed_by = NULL, claim_until = NULL, "
				+ "updated_at = CURRENT_TIMESTAMP WHERE id = ? AND state = 'running' AND claimed_by = ?", id,
				this.instanceId);
	}

	/**
	 * How many jobs each instance did.
	 * @return done jobs by instance id
	 */
	public Map<String, Long> doneBy() {
		Map<String, Long> byInstance = new HashMap<>();
		this.jdbc.query("SELECT done_by, COUNT(*) AS n FROM jobs WHERE state = 'done' GROUP BY done_by",
				(row) -> {
					byInstance.put(String.valueOf(row.getString("done_by")), row.getLong("n"));
				});
		return byInstance;
	}

	public JobStats stats() {
		Map<String, Long> byState = new HashMap<>();
		this.jdbc.query("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state",
				(row) -> {
					byState.put(row.getString("state"), row.getLong("n"));
				});
		Long duplicates = this.jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE completions > 1", Long.class);
		return new JobStats(byState.getOrDefault("queued", 0L), byState.getOrDefault("running", 0L),
				byState.getOrDefault("done", 0L), (duplicates != null) ? duplicates : 0);
	}

}
