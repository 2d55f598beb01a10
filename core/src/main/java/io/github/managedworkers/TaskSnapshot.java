package io.github.managedworkers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A live task as seen at one moment: who it is, how long it has run, and where it is.
 *
 * @param id the task id, unique within the registry
 * @param worker the owning worker's name
 * @param kind the worker's body or a submitted task
 * @param thread the name of the thread that runs it: {@code <worker>-<id>}
 * @param virtual whether that thread is virtual
 * @param startedAt when the task was accepted
 * @param runningFor how long ago that was
 * @param state the thread's state
 * @param stack the thread's frames, innermost first; empty when stacks were not asked for
 * @param groupId the id of the {@link TaskGroup} the task was submitted through, or {@code 0} for none
 * @param groupParentId the id of the task (or body run) that opened that group, or {@code 0} when it was opened
 * outside any task, or the task is in no group
 * @param name what the task runs, when its worker knows (the {@code @Scheduled} method of a task of an application's
 * scheduler: {@code com.example.Reports.send}), or {@code null}
 */
public record TaskSnapshot(long id, String worker, TaskKind kind, String thread, boolean virtual, Instant startedAt,
		Duration runningFor, Thread.State state, List<StackTraceElement> stack, long groupId, long groupParentId,
		@Nullable String name) {

	/**
	 * Creates a snapshot.
	 */
	public TaskSnapshot {
		stack = List.copyOf(stack);
	}

	/**
	 * Creates a snapshot of a task without a name.
	 * @param id the task id
	 * @param worker the owning worker's name
	 * @param kind the worker's body or a submitted task
	 * @param thread the name of its thread
	 * @param virtual whether that thread is virtual
	 * @param startedAt when the task was accepted
	 * @param runningFor how long ago that was
	 * @param state the thread's state
	 * @param stack the thread's frames, innermost first
	 * @param groupId the id of its group, or {@code 0}
	 * @param groupParentId the id of the task that opened its group, or {@code 0}
	 */
	public TaskSnapshot(long id, String worker, TaskKind kind, String thread, boolean virtual, Instant startedAt,
			Duration runningFor, Thread.State state, List<StackTraceElement> stack, long groupId, long groupParentId) {
		this(id, worker, kind, thread, virtual, startedAt, runningFor, state, stack, groupId, groupParentId, null);
	}

	/**
	 * This task as a log line and its stack, like a thread dump entry.
	 * @return the description
	 */
	public String describe() {
		StringBuilder sb = new StringBuilder();
		sb.append("task #").append(this.id).append(" (").append(this.kind.name().toLowerCase()).append(") ");
		if (this.name != null) {
			sb.append(this.name).append(' ');
		}
		sb.append("on ");
		sb.append('"').append(this.thread).append('"').append(this.virtual ? " virtual " : " ").append(this.state);
		sb.append(", running for ").append(this.runningFor.toMillis()).append(" ms");
		for (StackTraceElement frame : this.stack) {
			sb.append("\n        at ").append(frame);
		}
		return sb.toString();
	}

}
