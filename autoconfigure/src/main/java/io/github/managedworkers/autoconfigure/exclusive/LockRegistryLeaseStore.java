package io.github.managedworkers.autoconfigure.exclusive;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;

import org.springframework.integration.support.locks.DistributedLock;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.integration.support.locks.RenewableLockRegistry;

import io.github.managedworkers.LeaseStore;

/**
 * Leases on Spring Integration's {@link LockRegistry}: a lease is the lock of the worker's name, taken without
 * waiting ({@link DistributedLock#tryLock(Duration, Duration)} with the lease's ttl where the lock has one), renewed
 * with {@link RenewableLockRegistry#renewLock(Object, Duration)}, released with {@link Lock#unlock()}.
 * <p>
 * A registry that cannot renew (not a {@link RenewableLockRegistry}) keeps its locks alive by itself, as a Zookeeper
 * session does: its leases count as renewed while the lock is held.
 */
public class LockRegistryLeaseStore implements LeaseStore {

	private final LockRegistry<?> registry;

	/** The locks this instance holds, by key: only the keeper's thread touches each. */
	private final Map<String, Lock> held = new ConcurrentHashMap<>();

	/**
	 * Creates a lease store on a lock registry.
	 * @param registry the lock registry
	 */
	public LockRegistryLeaseStore(LockRegistry<?> registry) {
		this.registry = registry;
	}

	@Override
	public boolean tryAcquire(String key, Duration ttl) throws Exception {
		Lock lock = this.registry.obtain(key);
		boolean acquired = (lock instanceof DistributedLock distributed) ? distributed.tryLock(Duration.ZERO, ttl)
				: lock.tryLock();
		if (acquired) {
			this.held.put(key, lock);
		}
		return acquired;
	}

	@Override
	public boolean renew(String key, Duration ttl) {
		if (!this.held.containsKey(key)) {
			return false;
		}
		if (this.registry instanceof RenewableLockRegistry<?> renewable) {
			try {
				renewable.renewLock(key, ttl);
			}
			catch (IllegalStateException ex) {
				// "Could not renew lock": the store no longer has it as ours.
				return false;
			}
		}
		return true;
	}

	@Override
	public void release(String key) {
		Lock lock = this.held.remove(key);
		if (lock != null) {
			lock.unlock();
		}
	}

	@Override
	public String toString() {
		return "LockRegistryLeaseStore{" + this.registry + "}";
	}

}
