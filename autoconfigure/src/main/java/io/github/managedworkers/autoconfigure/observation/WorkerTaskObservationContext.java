package io.github.managedworkers.autoconfigure.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import io.github.managedworkers.TaskKind;
import io.github.managedworkers.TaskOutcome;

/**
 * What an {@link WorkerTaskObservationConvention} sees of one body run or task: its worker, kind and id, and once it
 * ended, its outcome (and, through {@link #getError()}, what it threw).
 */
public class WorkerTaskObservationContext extends Observation.Context {

	private final String worker;

	private final TaskKind kind;

	private final long taskId;

	private @Nullable TaskOutcome outcome;

	/**
	 * Creates the context of one body run or task.
	 * @param worker the worker's name
	 * @param kind body run or task
	 * @param taskId the task id
	 */
	public WorkerTaskObservationContext(String worker, TaskKind kind, long taskId) {
		this.worker = worker;
		this.kind = kind;
		this.taskId = taskId;
	}

	/**
	 * The worker's name.
	 * @return the name
	 */
	public String getWorker() {
		return this.worker;
	}

	/**
	 * Whether this is a body run or a submitted task.
	 * @return the kind
	 */
	public TaskKind getKind() {
		return this.kind;
	}

	/**
	 * The task id, as the {@code workers} endpoint shows it.
	 * @return the id
	 */
	public long getTaskId() {
		return this.taskId;
	}

	/**
	 * How the task ended: {@link TaskOutcome#COMPLETED}, {@link TaskOutcome#FAILED} or
	 * {@link TaskOutcome#INTERRUPTED}.
	 * @return the outcome, or {@code null} while it runs
	 */
	public @Nullable TaskOutcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Sets how the task ended.
	 * @param outcome the outcome
	 */
	public void setOutcome(TaskOutcome outcome) {
		this.outcome = outcome;
	}

}
