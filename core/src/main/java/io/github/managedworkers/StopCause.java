package io.github.managedworkers;

/**
 * Why a body run or a task was asked to stop: what {@link WorkerContext#stopCause()} tells it, and what logs and
 * drain reports name.
 */
public enum StopCause {

	/**
	 * The worker drains: the application is shutting down, {@link WorkerRegistry#drain()} was called, or a loop body
	 * returned by itself.
	 */
	DRAIN,

	/** Someone stopped this one worker: {@link WorkerHandle#stop()}, the actuator endpoint, or its removal. */
	OPERATOR,

	/** An exclusive worker could not renew its lease in time and fenced itself before another instance takes over. */
	LEASE_LOST,

	/** A task of the same {@link TaskGroup} failed, so the group cancelled its siblings. */
	GROUP_FAILED,

	/** The {@link TaskGroup} was joined or closed, or a submitter waiting on it was interrupted. */
	GROUP_CLOSED,

	/** A {@link TaskGroup#join(java.time.Duration)} timed out. */
	TIMED_OUT,

	/** The worker's body failed beyond its restart policy and the worker was stopped. */
	FAILED

}
