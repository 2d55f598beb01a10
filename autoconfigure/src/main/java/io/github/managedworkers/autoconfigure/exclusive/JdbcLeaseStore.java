package io.github.managedworkers.autoconfigure.exclusive;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.jdbc.lock.LockRepository;
import org.springframework.integration.util.UUIDConverter;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.managedworkers.LeaseStore;

/**
 * The default lease store: Spring Integration's {@link DefaultLockRepository} on the application's
 * {@code DataSource}, the table and rows that {@link JdbcLockRegistry} uses, with this instance's id as the lock's
 * {@code CLIENT_ID}, so that a standby can read who leads.
 * <p>
 * It calls the repository itself rather than through {@link JdbcLockRegistry}, whose locks also belong to the thread
 * that took them: a lease is this instance's, whichever thread asks. A lease keeper that stopped while it could not
 * release (a task outlived its drain) leaves a row that its restarted keeper, on another thread, takes back at once;
 * a registry lock would stay held by the dead thread, and this instance could never lead again.
 */
public class JdbcLeaseStore implements LeaseStore {

	/** The region of the lock table that exclusive workers use. */
	public static final String REGION = "managed-workers";

	private final LockRepository repository;

	private final JdbcTemplate jdbc;

	private final String holderQuery;

	/**
	 * Creates the store.
	 * @param repository the lock repository, in region {@link #REGION}, with this instance's id as its client id
	 * @param jdbc the template on the same data source
	 * @param prefix the lock table's prefix, {@code INT_} by default
	 */
	public JdbcLeaseStore(LockRepository repository, JdbcTemplate jdbc, String prefix) {
		this.repository = repository;
		this.jdbc = jdbc;
		this.holderQuery = "SELECT CLIENT_ID FROM " + prefix + "LOCK WHERE REGION=? AND LOCK_KEY=? AND EXPIRED_AFTER>=?";
	}

	@Override
	public boolean tryAcquire(String key, Duration ttl) {
		return this.repository.acquire(path(key), ttl);
	}

	@Override
	public boolean renew(String key, Duration ttl) {
		return this.repository.renew(path(key), ttl);
	}

	@Override
	public void release(String key) {
		// false: the row is another instance's, or gone; either way this instance holds nothing more.
		this.repository.delete(path(key));
	}

	@Override
	public @Nullable String holder(String key) {
		// Compared with the wall clock in UTC as DefaultLockRepository does.
		List<@Nullable String> holders = this.jdbc.queryForList(this.holderQuery, String.class, REGION, path(key),
				LocalDateTime.now(ZoneOffset.UTC));
		String holder = holders.isEmpty() ? null : holders.get(0);
		return (holder != null) ? holder.trim() : null;
	}

	/** The lock's key as {@link JdbcLockRegistry} writes it. */
	private static String path(String key) {
		return UUIDConverter.getUUID(key).toString();
	}

	@Override
	public String toString() {
		return "JdbcLeaseStore{" + this.repository + "}";
	}

}
