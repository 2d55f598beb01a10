package io.github.managedworkers;

/**
 * Fails the future of a task that a drain gave up on: it was still running after it was interrupted and the
 * interrupt grace had passed. The task's thread may still be running; the drain report lists it with its stack.
 */
public class AbandonedTaskException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String worker;

	private final long taskId;

	/**
	 * Creates an exception for an abandoned task.
	 * @param worker the worker's name
	 * @param taskId the task's id
	 * @param interruptGraceMillis how long the drain waited after the interrupt
	 */
	public AbandonedTaskException(String worker, long taskId, long interruptGraceMillis) {
		super("Task #" + taskId + " of worker '" + worker + "' was abandoned by a drain: still running "
				+ interruptGraceMillis + " ms after it was interrupted");
		this.worker = worker;
		this.taskId = taskId;
	}

	/**
	 * Skips the stack trace: a drain may abandon many tasks at once, and the drain's own stack says nothing about
	 * them (the report and the log carry the tasks' stacks).
	 * @return this exception
	 */
	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

	/**
	 * The name of the worker the task belonged to.
	 * @return the worker name
	 */
	public String worker() {
		return this.worker;
	}

	/**
	 * The id of the abandoned task.
	 * @return the task id
	 */
	public long taskId() {
		return this.taskId;
	}

}
