package io.github.managedworkers;

/**
 * How an exclusive worker's leadership changed on this instance: what {@link WorkerListener#leadershipChanged} is
 * told.
 */
public enum LeadershipChange {

	/** This instance took the lease and runs the body. */
	GRANTED,

	/** This instance drained the worker and then gave the lease up (shutdown, an operator stop, a removal). */
	RELEASED,

	/** This instance could not renew the lease in time and stopped the worker before the lease could expire. */
	LOST

}
