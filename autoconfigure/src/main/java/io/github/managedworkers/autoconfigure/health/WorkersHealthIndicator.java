package io.github.managedworkers.autoconfigure.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.github.managedworkers.TaskSnapshot;
import io.github.managedworkers.WorkerFailure;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSnapshot;
import io.github.managedworkers.WorkerState;

/**
 * Health of the workers: {@code DOWN} when a worker is {@code FAILED} (its restarts exceeded their intensity), with
 * the worker and its last failure in the details. Tasks that have run longer than their worker's
 * {@code stuck-after} are listed in the details, and make the health {@code DOWN} too when configured so.
 */
public class WorkersHealthIndicator extends AbstractHealthIndicator {

	/** Most stuck tasks listed per worker, so that a storm of them keeps the response small. */
	static final int STUCK_LIMIT = 10;

	private final WorkerRegistry registry;

	private final boolean downWhenStuck;

	/**
	 * Creates the indicator.
	 * @param registry the worker registry
	 * @param downWhenStuck whether a stuck task makes the health {@code DOWN}
	 */
	public WorkersHealthIndicator(WorkerRegistry registry, boolean downWhenStuck) {
		super("Workers health check failed");
		this.registry = registry;
		this.downWhenStuck = downWhenStuck;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, Object> failed = new LinkedHashMap<>();
		Map<String, Object> stuck = new LinkedHashMap<>();
		Map<String, String> states = new LinkedHashMap<>();
		for (WorkerHandle worker : this.registry.workers()) {
			WorkerSnapshot snapshot = worker.snapshot();
			states.put(worker.name(), snapshot.state().name());
			if (snapshot.state() == WorkerState.FAILED) {
				failed.put(worker.name(), failure(snapshot.lastFailure()));
			}
			List<TaskSnapshot> tasks = worker.stuckTasks(STUCK_LIMIT);
			if (!tasks.isEmpty()) {
				stuck.put(worker.name(), stuckDetails(worker, tasks));
			}
		}
		boolean down = !failed.isEmpty() || (this.downWhenStuck && !stuck.isEmpty());
		builder.status(down ? "DOWN" : "UP").withDetail("workers", states);
		if (!failed.isEmpty()) {
			builder.withDetail("failed", failed);
		}
		if (!stuck.isEmpty()) {
			builder.withDetail("stuck", stuck);
		}
	}

	private static Map<String, Object> failure(@Nullable WorkerFailure failure) {
		Map<String, Object> details = new LinkedHashMap<>();
		if (failure != null) {
			details.put("type", failure.type());
			details.put("message", failure.message());
			details.put("time", failure.time().toString());
			details.put("taskId", failure.taskId());
		}
		return details;
	}

	private static Map<String, Object> stuckDetails(WorkerHandle worker, List<TaskSnapshot> tasks) {
		List<Map<String, Object>> listed = new ArrayList<>();
		for (TaskSnapshot task : tasks) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("id", task.id());
			entry.put("thread", task.thread());
			entry.put("runningFor", task.runningFor().toString());
			listed.add(entry);
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("stuckAfter", String.valueOf(worker.spec().stuckAfter()));
		details.put("tasks", listed);
		return details;
	}

}
