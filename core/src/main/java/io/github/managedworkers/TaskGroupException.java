package io.github.managedworkers;

import org.jspecify.annotations.Nullable;

/**
 * A {@link TaskGroup#join()} that cannot return every result: a task failed (the first failure is the cause, the later
 * ones are suppressed), the group was stopped from above, or the join timed out.
 */
public class TaskGroupException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Why the group did not complete. */
	public enum Reason {

		/** A task failed or a submit was rejected: the cause is the first failure, the later ones are suppressed. */
		FAILED,

		/** Its worker drained, or the group it was opened in stopped, before every task completed. */
		STOPPED,

		/** The timeout of {@link TaskGroup#join(java.time.Duration)} passed first; the group was stopped. */
		TIMED_OUT

	}

	private final String worker;

	private final Reason reason;

	/**
	 * Creates an exception for a group that did not complete.
	 * @param worker the name of the group's worker
	 * @param reason why the group did not complete
	 * @param message what happened, with the counts
	 * @param cause the first failure, or what ended the first task that did not complete, or {@code null}
	 */
	public TaskGroupException(String worker, Reason reason, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.worker = worker;
		this.reason = reason;
	}

	/**
	 * The name of the worker the group belongs to.
	 * @return the worker name
	 */
	public String worker() {
		return this.worker;
	}

	/**
	 * Why the group did not complete.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

}
