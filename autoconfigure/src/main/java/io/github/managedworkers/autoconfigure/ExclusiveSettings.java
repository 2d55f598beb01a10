package io.github.managedworkers.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

import io.github.managedworkers.LeaseStore;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.exclusive.InstanceId;

/**
 * Checks {@code managed-workers.exclusive.*} and hands the lease store, when there is one, to the registry.
 */
final class ExclusiveSettings {

	private ExclusiveSettings() {
	}

	/** The value as the user wrote it ({@code -1s}), else as bound. */
	private static InvalidManagedWorkerException invalid(String key, @Nullable Object value, String allowed,
			Environment environment) {
		String written = environment.getProperty(key);
		return new InvalidManagedWorkerException("Invalid value '" + ((written != null) ? written : value) + "' for "
				+ key + ": allowed is "
				+ allowed + ".", "Update " + key + " in your application's configuration to " + allowed + ".");
	}

	static void apply(ManagedWorkersProperties.Exclusive exclusive, @Nullable LeaseStore store, InstanceId instanceId,
			Environment environment, WorkerRegistry.Builder builder) {
		Duration ttl = exclusive.getLeaseTtl();
		Duration renew = exclusive.getRenewInterval();
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw invalid("managed-workers.exclusive.lease-ttl", ttl, "a positive duration, such as 30s", environment);
		}
		if (renew == null || renew.isNegative() || renew.isZero() || renew.compareTo(ttl) >= 0) {
			throw invalid("managed-workers.exclusive.renew-interval", renew,
					"a positive duration shorter than managed-workers.exclusive.lease-ttl (" + ttl
							+ "), such as a third of it", environment);
		}
		if (store != null) {
			builder.leases(store, ttl, renew, instanceId.value());
		}
	}

}
