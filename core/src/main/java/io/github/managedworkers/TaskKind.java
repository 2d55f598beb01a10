package io.github.managedworkers;

/**
 * What a live task of a worker is.
 */
public enum TaskKind {

	/** One run of the worker's body: the loop, or one round of a periodic worker. Holds no bulkhead permit. */
	BODY,

	/** A task submitted to the worker. Holds one bulkhead permit while it runs. */
	TASK

}
