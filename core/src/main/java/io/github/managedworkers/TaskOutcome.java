package io.github.managedworkers;

/**
 * How a task ended, as counted by metrics.
 */
public enum TaskOutcome {

	/** It returned normally. */
	COMPLETED,

	/** It threw. */
	FAILED,

	/** A drain interrupted it, or it ended with an {@link InterruptedException} while its worker was stopping. */
	INTERRUPTED,

	/** It was never run: its worker was full or not running. */
	REJECTED

}
