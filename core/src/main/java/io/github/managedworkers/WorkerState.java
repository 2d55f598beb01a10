package io.github.managedworkers;

/**
 * Where a worker is in its life.
 */
public enum WorkerState {

	/** Registered, not started yet: submits are rejected. */
	NEW,

	/** Started: the body runs (or waits for its next run) and submits are accepted. */
	RUNNING,

	/**
	 * Running, but a periodic or cron worker skips its scheduled runs until {@link WorkerHandle#resume()}; submits are
	 * accepted and tasks go on. Healthy.
	 */
	PAUSED,

	/**
	 * An exclusive worker waiting for its lease: another instance runs its body. Healthy.
	 */
	STANDBY,

	/** Draining: submits are rejected, the stop signal is out, live tasks are finishing. */
	STOPPING,

	/** Drained. It can be started again. */
	STOPPED,

	/**
	 * The body failed more often than its restart policy allows (or failed with {@link RestartPolicy#NEVER}). Submits
	 * are rejected and the health check is down until the worker is started again.
	 */
	FAILED

}
