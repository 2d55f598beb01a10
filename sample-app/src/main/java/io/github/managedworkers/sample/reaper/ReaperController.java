package io.github.managedworkers.sample.reaper;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.managedworkers.sample.jobs.JobStore;

/**
 * The reaper's runs and who did which job: what shows that an exclusive worker never ran on two instances at once
 * and that a shared queue's jobs were each done once.
 */
@RestController
class ReaperController {

	private final JdbcTemplate jdbc;

	private final JobStore jobs;

	ReaperController(JdbcTemplate jdbc, JobStore jobs) {
		this.jdbc = jdbc;
		this.jobs = jobs;
	}

	@GetMapping("/reaper/runs")
	List<Map<String, Object>> runs() {
		return this.jdbc.queryForList("SELECT instance_id AS \"instance\", "
				+ "DATEDIFF(MILLISECOND, TIMESTAMP '1970-01-01 00:00:00', started_at) AS \"startedAt\", "
				+ "DATEDIFF(MILLISECOND, TIMESTAMP '1970-01-01 00:00:00', ended_at) AS \"endedAt\" "
				+ "FROM reaper_runs ORDER BY started_at");
	}

	@GetMapping("/jobs/done-by")
	Map<String, Long> doneBy() {
		return this.jobs.doneBy();
	}

}
