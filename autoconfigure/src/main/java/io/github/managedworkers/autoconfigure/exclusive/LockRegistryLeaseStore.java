package io.github.managedworkers.autoconfigure.exclusive;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;

import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.DistributedLock;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.integration.support.locks.RenewableLockRegistry;

import io.github.managedworkers.LeaseStore;

/**
 * Leases on Spring Integration's {@link LockRegistry}: a lease is the lock of the worker's name, taken without
 * waiting ({@link DistributedLock#tryLock(Duration, Duration)} with the lease's ttl where the lock has one), renewed
 * with {@link RenewableLockRegistry#renewLock(Object, Duration)}, released with {@link Lock#unlock()}.
 * <p>
 * A registry that cannot renew (not a {@link RenewableLockRegistry}: Zookeeper's, whose lock lives as long as a
 * session this store cannot see) cannot prove that a lease is still held, so a leader cut off from it could not
 * fence itself while another instance takes the lock: {@link #provesRenewal()} says so, the starter refuses its
 * exclusive workers at startup, and {@link #renew} answers {@code false} (the keeper fences) should it be used
 * anyway. The in-process {@link DefaultLockRegistry} is the exception: its locks never expire nor move to another
 * process.
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
			return true;
		}
		return provesRenewal();
	}

	@Override
	public void release(String key) {
		Lock lock = this.held.get(key);
		if (lock != null) {
			// Forgotten only once unlocked: a release that failed is retried with the same lock, on the same thread.
			lock.unlock();
			this.held.remove(key, lock);
		}
	}

	/**
	 * Whether a renewal through this store proves that the lock is still held: the registry renews with a time to
	 * live and says when it could not, or it is the in-process {@link DefaultLockRegistry}.
	 * @return whether exclusive workers can rely on this store
	 */
	@Override
	public boolean provesRenewal() {
		return this.registry instanceof RenewableLockRegistry || this.registry instanceof DefaultLockRegistry;
	}

	@Override
	public String toString() {
		return "LockRegistryLeaseStore{" + this.registry.getClass().getName() + "}";
	}

}
