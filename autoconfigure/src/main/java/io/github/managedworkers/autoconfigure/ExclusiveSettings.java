package io.github.managedworkers.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.LeaseStore;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.exclusive.InstanceId;

/**
 * Checks {@code managed-workers.exclusive.*} and hands the lease store, when there is one, to the registry.
 */
final class ExclusiveSettings {

	private ExclusiveSettings() {
	}

	private static InvalidManagedWorkerException invalid(String key, @Nullable Object value, String allowed) {
		return new InvalidManagedWorkerException("Invalid value '" + value + "' for " + key + ": allowed is "
				+ allowed + ".", "Update " + key + " in your application's configuration to " + allowed + ".");
	}

	static void apply(ManagedWorkersProperties.Exclusive exclusive, @Nullable LeaseStore store, InstanceId instanceId,
			WorkerRegistry.Builder builder) {
		Duration ttl = exclusive.getLeaseTtl();
		Duration renew = exclusive.getRenewInterval();
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw invalid("managed-workers.exclusive.lease-ttl", ttl, "a positive duration, such as 30s");
		}
		if (renew == null || renew.isNegative() || renew.isZero() || renew.compareTo(ttl) >= 0) {
			throw invalid("managed-workers.exclusive.renew-interval", renew,
					"a positive duration shorter than managed-workers.exclusive.lease-ttl (" + ttl
							+ "), such as a third of it");
		}
		if (store != null) {
			builder.leases(store, ttl, renew, instanceId.value());
		}
	}

}
