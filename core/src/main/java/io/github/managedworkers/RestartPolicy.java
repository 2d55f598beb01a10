package io.github.managedworkers;

/**
 * When a worker's body runs again after it ends, as Erlang/OTP's restart types say.
 */
public enum RestartPolicy {

	/**
	 * Restart after a failure (the body threw), with exponential backoff. A loop body that returns by itself ends
	 * the worker; a periodic body runs again after its delay.
	 */
	ON_FAILURE,

	/** Restart whenever the body ends while the worker is running, failed or not, with exponential backoff. */
	ALWAYS,

	/** Never restart: a failure moves the worker to {@link WorkerState#FAILED}. */
	NEVER

}
