package io.github.managedworkers;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Where an exclusive worker's lease stands on this instance.
 *
 * @param role whether this instance leads
 * @param instanceId this instance's id
 * @param holder the instance that holds the lease, or {@code null} if unknown
 * @param expiresAt when the lease expires unless renewed, by this instance's clock; {@code null} when this instance
 * does not hold it
 */
public record LeaseStatus(Role role, String instanceId, @Nullable String holder, @Nullable Instant expiresAt) {

	/** Whether this instance runs the worker's body. */
	public enum Role {

		/** This instance holds the lease and runs the body. */
		LEADER,

		/** Another instance holds the lease, or none does yet; this one waits to take it over. */
		STANDBY

	}

}
