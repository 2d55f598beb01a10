package io.github.managedworkers;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One lease store shared by several in-process "instances", with expiry on the monotonic clock: what a database
 * table is to several JVMs.
 */
final class SharedLeases {

	private final Map<String, Held> leases = new HashMap<>();

	private record Held(String holder, long expiresAtNanos) {
	}

	/** The store as one instance sees it; {@code broken} makes every call of that instance fail. */
	Instance instance(String id) {
		return new Instance(id);
	}

	final class Instance implements LeaseStore {

		private final String id;

		volatile boolean broken;

		Instance(String id) {
			this.id = id;
		}

		@Override
		public boolean tryAcquire(String key, Duration ttl) {
			check();
			synchronized (SharedLeases.this) {
				Held held = SharedLeases.this.leases.get(key);
				if (held == null || held.holder.equals(this.id) || held.expiresAtNanos - System.nanoTime() < 0) {
					SharedLeases.this.leases.put(key, new Held(this.id, System.nanoTime() + ttl.toNanos()));
					return true;
				}
				return false;
			}
		}

		@Override
		public boolean renew(String key, Duration ttl) {
			check();
			synchronized (SharedLeases.this) {
				Held held = SharedLeases.this.leases.get(key);
				if (held == null || !held.holder.equals(this.id)) {
					return false;
				}
				SharedLeases.this.leases.put(key, new Held(this.id, System.nanoTime() + ttl.toNanos()));
				return true;
			}
		}

		@Override
		public void release(String key) {
			check();
			synchronized (SharedLeases.this) {
				Held held = SharedLeases.this.leases.get(key);
				if (held != null && held.holder.equals(this.id)) {
					SharedLeases.this.leases.remove(key);
				}
			}
		}

		@Override
		public @Nullable String holder(String key) {
			synchronized (SharedLeases.this) {
				Held held = SharedLeases.this.leases.get(key);
				return (held != null && held.expiresAtNanos - System.nanoTime() >= 0) ? held.holder : null;
			}
		}

		private void check() {
			if (this.broken) {
				throw new IllegalStateException("the lease store of " + this.id + " is unreachable");
			}
		}

	}

}
