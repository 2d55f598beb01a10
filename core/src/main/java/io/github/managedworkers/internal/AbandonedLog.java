package io.github.managedworkers.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.managedworkers.TaskSnapshot;
import io.github.managedworkers.WorkerRegistry;

/**
 * The one log entry of a worker's abandoned tasks: counted, and grouped by call site (identical stacks, as the
 * endpoint's {@code ?group=stack}), a bounded number of groups. Thousands of tasks stuck at one place make one group,
 * not thousands of entries written inside the drain.
 */
final class AbandonedLog {

	private static final Logger logger = LoggerFactory.getLogger(WorkerRegistry.class);

	/** Call sites written out; the rest are counted. */
	static final int MAX_GROUPS = 10;

	private AbandonedLog() {
	}

	static void warn(String worker, List<TaskSnapshot> abandoned, long graceMillis) {
		if (!logger.isWarnEnabled()) {
			return;
		}
		Map<List<StackTraceElement>, List<TaskSnapshot>> bySite = new LinkedHashMap<>();
		int withoutStack = 0;
		for (TaskSnapshot task : abandoned) {
			if (task.stack().isEmpty()) {
				withoutStack++;
			}
			else {
				bySite.computeIfAbsent(task.stack(), (stack) -> new ArrayList<>()).add(task);
			}
		}
		List<List<TaskSnapshot>> groups = new ArrayList<>(bySite.values());
		groups.sort((a, b) -> Integer.compare(b.size(), a.size()));
		StringBuilder sb = new StringBuilder();
		sb.append("Worker '").append(worker).append("' abandoned ").append(abandoned.size())
			.append((abandoned.size() == 1) ? " task" : " tasks").append(" still running ").append(graceMillis)
			.append(" ms after the interrupt; their futures fail with AbandonedTaskException. By call site:");
		for (int i = 0; i < Math.min(groups.size(), MAX_GROUPS); i++) {
			List<TaskSnapshot> group = groups.get(i);
			sb.append("\n    ").append(group.size()).append(" × ").append(group.get(0).describe());
		}
		if (groups.size() > MAX_GROUPS) {
			sb.append("\n    and ").append(groups.size() - MAX_GROUPS).append(" more call sites");
		}
		if (withoutStack > 0) {
			sb.append("\n    and ").append(withoutStack).append(" more without a stack (a drain takes the stacks of the ")
				.append("oldest ").append(TaskListing.ABANDONED_STACKS).append(")");
		}
		logger.warn(sb.toString());
	}

}
