package io.github.managedworkers.autoconfigure.endpoint;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

import io.github.managedworkers.autoconfigure.endpoint.WorkersEndpoint.TaskDescriptor;

/**
 * One worker's live tasks as a tree, as {@code GET /actuator/workers/{name}?view=tree} shows them: worker, then its
 * body run and tasks, then the groups each opened, then the groups' tasks.
 *
 * @param name the worker's name
 * @param state its state
 * @param activeTasks its live tasks, body included
 * @param maxConcurrency its bulkhead's limit in force
 * @param availablePermits free permits
 * @param stacksShown whether stacks are shown to whoever asked, as {@code show-stacks} says
 * @param listed how many tasks the tree holds: the oldest, up to the limit
 * @param omitted how many live tasks the limit left out
 * @param tasks the body run and the tasks submitted outside any group, oldest first, each with the groups it opened
 * @param groups groups opened outside any task (from a request, say), or whose opener is not listed
 */
public record WorkerTreeDescriptor(String name, String state, int activeTasks, int maxConcurrency,
		int availablePermits, boolean stacksShown, int listed, int omitted, List<TaskNode> tasks,
		List<GroupNode> groups) implements OperationResponseBody {

	/**
	 * A live task, with the fields of the flat list, and the groups it opened.
	 *
	 * @param id its id
	 * @param kind {@code body} or {@code task}
	 * @param thread the name of its thread
	 * @param virtual whether the thread is virtual
	 * @param startedAt when it was accepted
	 * @param runningFor how long it has run, in ISO-8601
	 * @param state its thread's state
	 * @param stack its frames, innermost first; empty when stacks are not shown
	 * @param groups the groups it opened that have listed live tasks
	 */
	public record TaskNode(long id, String kind, String thread, boolean virtual, String startedAt, String runningFor,
			String state, List<String> stack, List<GroupNode> groups) {

		static TaskNode of(TaskDescriptor task) {
			return new TaskNode(task.id(), task.kind(), task.thread(), task.virtual(), task.startedAt(),
					task.runningFor(), task.state(), task.stack(), new ArrayList<>());
		}

	}

	/**
	 * A task group with live tasks.
	 *
	 * @param id the group's id
	 * @param openedBy the id of the task that opened it, or {@code 0} when it was opened outside any task
	 * @param tasks its listed live tasks, oldest first
	 */
	public record GroupNode(long id, long openedBy, List<TaskNode> tasks) {
	}

}
