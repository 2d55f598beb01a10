package io.github.managedworkers.sample.jobs;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The jobs table: queued → running → done, and back to queued when a run is cut short.
 */
@Repository
public class JobStore {

	private static final Logger logger = LoggerFactory.getLogger(JobStore.class);

	private final JdbcTemplate jdbc;

	public JobStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Jobs left running by a crash (kill -9) go back to the queue before any worker starts.
	 */
	@PostConstruct
	void requeueJobsLeftRunning() {
		int requeued = this.jdbc.update("UPDATE jobs SET state = 'queued', updated_at = CURRENT_TIMESTAMP "
				+ "WHERE state = 'running'");
		if (requeued > 0) {
			logger.info("Re-queued {} jobs left running by the last run", requeued);
		}
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
	@Transactional
	public List<Job> claim(int max) {
		List<Job> jobs = this.jdbc.query(
				"SELECT id, work_millis FROM jobs WHERE state = 'queued' ORDER BY id LIMIT ? FOR UPDATE",
				(row, n) -> new Job(row.getLong("id"), row.getInt("work_millis")), max);
		for (Job job : jobs) {
			this.jdbc.update("UPDATE jobs SET state = 'running', updated_at = CURRENT_TIMESTAMP WHERE id = ?",
					job.id());
		}
		return jobs;
	}

	/**
	 * Records a job's completion, once.
	 * @param id the job
	 * @return whether the job was running and is now done
	 */
	@Transactional
	public boolean markDone(long id) {
		return this.jdbc.update("UPDATE jobs SET state = 'done', completions = completions + 1, "
				+ "updated_at = CURRENT_TIMESTAMP WHERE id = ? AND state = 'running'", id) == 1;
	}

	/**
	 * Puts a job whose run was cut short back in the queue.
	 * @param id the job
	 */
	@Transactional
	public void requeue(long id) {
		this.jdbc.update("UPDATE jobs SET state = 'queued', updated_at = CURRENT_TIMESTAMP "
				+ "WHERE id = ? AND state = 'running'", id);
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
