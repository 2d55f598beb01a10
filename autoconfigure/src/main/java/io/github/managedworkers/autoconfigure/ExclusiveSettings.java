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

	private static String ms(Duration duration) {
		return duration.toMillis() + "ms";
	}

	/**
	 * Checks the lease's timings together and hands the store to the registry, unless it cannot prove a renewal
	 * (the registrar then refuses exclusive workers, naming the lock registry).
	 */
	static void apply(ManagedWorkersProperties.Exclusive exclusive, ManagedWorkersProperties.Shutdown shutdown,
			@Nullable LeaseStore store, InstanceId instanceId, Environment environment,
			WorkerRegistry.Builder builder) {
		Duration ttl = exclusive.getLeaseTtl();
		Duration renew = exclusive.getRenewInterval();
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw invalid("managed-workers.exclusive.lease-ttl", ttl, "a positive duration, such as 30s", environment);
		}
		if (renew == null || renew.isNegative() || renew.isZero() || renew.multipliedBy(2).compareTo(ttl) >= 0) {
			throw invalid("managed-workers.exclusive.renew-interval", renew,
					"a positive duration shorter than half of managed-workers.exclusive.lease-ttl (" + ttl
							+ "), such as a third of it: a leader that has not renewed for lease-ttl - renew-interval"
							+ ((renew != null && renew.compareTo(ttl) < 0) ? " (" + ttl.minus(renew) + ")" : "")
							+ " stops its worker, so that must be longer than the renew-interval for a renewal to come "
							+ "first", environment);
		}
		if (store == null) {
			return;
		}
		checkFenceFits(renew, shutdown.getInterruptGrace());
		if (store.provesRenewal()) {
			builder.leases(store, ttl, renew, instanceId.value());
		}
	}

	/**
	 * A leader that cannot renew fences {@code renew-interval} before its lease can expire: it drains for half of
	 * that, then interrupts and waits {@code interrupt-grace}; all of it must end before the lease is gone.
	 */
	private static void checkFenceFits(Duration renew, @Nullable Duration grace) {
		if (grace == null) {
			return; // refused with its own message by the registry's settings
		}
		Duration drain = renew.dividedBy(2);
		if (drain.plus(grace).compareTo(renew) >= 0) {
			throw new InvalidManagedWorkerException("Invalid value '" + ms(grace)
					+ "' for managed-workers.shutdown.interrupt-grace with exclusive workers: a leader that cannot "
					+ "renew its lease stops its worker managed-workers.exclusive.renew-interval (" + ms(renew)
					+ ") before the lease can expire, drains for half of it and then interrupts and waits "
					+ "interrupt-grace: " + ms(drain) + " + " + ms(grace) + " = " + ms(drain.plus(grace))
					+ " is not shorter than " + ms(renew)
					+ ", so the worker could still run when another instance takes the lease.",
					"Set managed-workers.shutdown.interrupt-grace below " + ms(renew.minus(drain))
							+ ", or raise managed-workers.exclusive.renew-interval above " + ms(grace.multipliedBy(2))
							+ " (and managed-workers.exclusive.lease-ttl above twice that).");
		}
	}

}
