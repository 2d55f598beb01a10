package io.github.managedworkers;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Where exclusive workers keep their leases: a lock, shared by every instance, that expires unless its holder renews
 * it. The Spring Boot starter adapts Spring Integration's {@code LockRegistry} to it.
 * <p>
 * Every call for one key comes from one thread, the thread of the worker's lease keeper, for as long as the keeper
 * runs: a store whose locks belong to the thread that took them (as Spring Integration's do) works as it is. A call
 * may block (a database that does not answer); the keeper does not rely on it returning, and fences the worker on
 * its own clock.
 */
public interface LeaseStore {

	/**
	 * Takes the lease if no one holds it, without waiting.
	 * @param key the lease's key, the worker's name
	 * @param ttl how long the lease lasts unless renewed
	 * @return whether this instance holds the lease now
	 * @throws Exception if the store could not be reached; the keeper tries again later
	 */
	boolean tryAcquire(String key, Duration ttl) throws Exception;

	/**
	 * Extends a lease this instance holds.
	 * @param key the lease's key
	 * @param ttl how long the lease lasts from now unless renewed again
	 * @return {@code true} if renewed; {@code false} if this instance no longer holds it (it expired and another
	 * instance may have it)
	 * @throws Exception if the store could not be reached; the keeper retries until its local deadline
	 */
	boolean renew(String key, Duration ttl) throws Exception;

	/**
	 * Gives the lease up, so that another instance can take it at once.
	 * @param key the lease's key
	 * @throws Exception if the store could not be reached, or the lease had expired already; the lease then expires
	 * by itself
	 */
	void release(String key) throws Exception;

	/**
	 * Who holds the lease, as far as the store can tell: what a standby instance shows and names when it rejects a
	 * task.
	 * @param key the lease's key
	 * @return the holder's instance id, or {@code null} if unknown or free
	 */
	default @Nullable String holder(String key) {
		return null;
	}

	/**
	 * Whether a {@link #renew} that answers {@code true} proves that the lease is still this instance's in the store.
	 * A store that cannot tell (a lock kept alive by a session it cannot see) answers {@code false}: a leader cut off
	 * from it could not fence itself while another instance takes the lock, so a registry refuses it.
	 * @return {@code true} by default
	 */
	default boolean provesRenewal() {
		return true;
	}

}
