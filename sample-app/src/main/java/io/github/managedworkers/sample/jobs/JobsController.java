package io.github.managedworkers.sample.jobs;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.github.managedworkers.sample.BadRequestException;

/**
 * {@code POST /jobs} queues jobs; {@code GET /jobs/stats} counts them.
 */
@RestController
class JobsController {

	static final int MAX_COUNT = 10_000;

	static final int MAX_WORK_MILLIS = 60_000;

	private final JobStore store;

	JobsController(JobStore store) {
		this.store = store;
	}

	@PostMapping("/jobs")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, List<Long>> submit(@RequestBody JobRequest request) {
		int count = check("count", request.count(), 1, MAX_COUNT);
		int workMillis = check("workMillis", request.workMillis(), 0, MAX_WORK_MILLIS);
		return Map.of("ids", this.store.enqueue(count, workMillis));
	}

	@GetMapping("/jobs/stats")
	JobStats stats() {
		return this.store.stats();
	}

	private static int check(String field, Integer value, int min, int max) {
		if (value == null) {
			throw new BadRequestException(field + " is required: an integer from " + min + " to " + max);
		}
		if (value < min || value > max) {
			throw new BadRequestException(field + " must be an integer from " + min + " to " + max + ", not " + value);
		}
		return value;
	}

	record JobRequest(Integer count, Integer workMillis) {
	}

}
