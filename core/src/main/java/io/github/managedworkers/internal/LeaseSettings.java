package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.Objects;

import io.github.managedworkers.InvalidWorkerSpecException;
import io.github.managedworkers.LeaseStore;

/**
 * What the lease keepers of a registry share: the store, the lease's length, how often it is renewed and this
 * instance's id. Built by {@link io.github.managedworkers.WorkerRegistry.Builder#leases}.
 *
 * @param store where the leases are kept
 * @param ttl how long a lease lasts unless renewed
 * @param renewInterval how often the leader renews, shorter than {@code ttl}
 * @param instanceId this instance's id
 */
public record LeaseSettings(LeaseStore store, Duration ttl, Duration renewInterval, String instanceId) {

	/**
	 * Checks the settings, naming the bad one.
	 * @param store where the leases are kept
	 * @param ttl how long a lease lasts unless renewed
	 * @param renewInterval how often the leader renews
	 * @param instanceId this instance's id
	 * @return the settings
	 */
	public static LeaseSettings of(LeaseStore store, Duration ttl, Duration renewInterval, String instanceId) {
		Objects.requireNonNull(store, "store");
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new InvalidWorkerSpecException(null, "exclusive.leaseTtl", ttl, "a positive duration");
		}
		if (renewInterval == null || renewInterval.isNegative() || renewInterval.isZero()
				|| renewInterval.multipliedBy(2).compareTo(ttl) >= 0) {
			throw new InvalidWorkerSpecException(null, "exclusive.renewInterval", renewInterval,
					"a positive duration shorter than half the lease ttl (" + ttl + "): a leader that has not renewed "
							+ "for ttl - renewInterval fences, so that must be longer than renewInterval for a renewal "
							+ "to come first; a third of the ttl leaves room for failed renewals");
		}
		if (!store.provesRenewal()) {
			throw new InvalidWorkerSpecException(null, "exclusive.store", store,
					"a lease store whose renewals prove that the lease is still held (LeaseStore.provesRenewal()): a "
							+ "leader cut off from this one could not fence itself while another instance takes it");
		}
		if (instanceId == null || instanceId.isBlank()) {
			throw new InvalidWorkerSpecException(null, "exclusive.instanceId", instanceId,
					"a non-blank id, unique among the instances that share the lease store");
		}
		return new LeaseSettings(store, ttl, renewInterval, instanceId);
	}

}
