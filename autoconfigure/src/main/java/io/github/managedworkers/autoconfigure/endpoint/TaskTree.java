package io.github.managedworkers.autoconfigure.endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.managedworkers.TaskSnapshot;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerSnapshot;
import io.github.managedworkers.autoconfigure.endpoint.WorkerTreeDescriptor.GroupNode;
import io.github.managedworkers.autoconfigure.endpoint.WorkerTreeDescriptor.TaskNode;
import io.github.managedworkers.autoconfigure.endpoint.WorkersEndpoint.TaskDescriptor;

/**
 * The {@code ?view=tree} of one worker: each live task under the group it was submitted through, and each group under
 * the task (or body run) that opened it; a group opened outside any task (from a request, say), or whose opener is
 * not listed, sits at the top. Bounded like the flat list: at most {@code limit} tasks, the oldest, and a count of
 * the rest.
 */
final class TaskTree {

	private TaskTree() {
	}

	static WorkerTreeDescriptor of(WorkerHandle worker, int limit, int maxFrames, boolean stacksShown) {
		WorkerSnapshot snapshot = worker.snapshot();
		List<TaskSnapshot> tasks = worker.tasks(limit, maxFrames);
		Map<Long, TaskNode> nodes = new HashMap<>();
		for (TaskSnapshot task : tasks) {
			nodes.put(task.id(), TaskNode.of(TaskDescriptor.of(task)));
		}
		List<TaskNode> roots = new ArrayList<>();
		Map<Long, GroupNode> groups = new LinkedHashMap<>();
		List<GroupNode> topGroups = new ArrayList<>();
		for (TaskSnapshot task : tasks) {
			TaskNode node = nodes.get(task.id());
			if (task.groupId() == 0) {
				roots.add(node);
				continue;
			}
			GroupNode group = groups.get(task.groupId());
			if (group == null) {
				group = new GroupNode(task.groupId(), task.groupParentId(), new ArrayList<>());
				groups.put(task.groupId(), group);
				TaskNode opener = nodes.get(task.groupParentId());
				if (opener != null) {
					opener.groups().add(group);
				}
				else {
					topGroups.add(group);
				}
			}
			group.tasks().add(node);
		}
		int omitted = Math.max(0, snapshot.activeTasks() - tasks.size());
		return new WorkerTreeDescriptor(snapshot.name(), snapshot.state().name(), snapshot.activeTasks(),
				snapshot.maxConcurrency(), snapshot.availablePermits(), stacksShown, tasks.size(), omitted, roots,
				topGroups);
	}

}
