package io.github.managedworkers.autoconfigure.exclusive;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.util.UUIDConverter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The default lease store: a {@link JdbcLockRegistry} on the application's {@code DataSource}, whose
 * {@link DefaultLockRepository} writes this instance's id as the lock's {@code CLIENT_ID}, so that a standby can
 * read who leads.
 */
public class JdbcLeaseStore extends LockRegistryLeaseStore {

	/** The region of the lock table that exclusive workers use. */
	public static final String REGION = "managed-workers";

	private final JdbcTemplate jdbc;

	private final String holderQuery;

	/**
	 * Creates the store.
	 * @param registry the lock registry on {@code repository}
	 * @param jdbc the template on the same data source
	 * @param prefix the lock table's prefix, {@code INT_} by default
	 */
	public JdbcLeaseStore(JdbcLockRegistry registry, JdbcTemplate jdbc, String prefix) {
		super(registry);
		this.jdbc = jdbc;
		this.holderQuery = "SELECT CLIENT_ID FROM " + prefix + "LOCK WHERE REGION=? AND LOCK_KEY=? AND EXPIRED_AFTER>=?";
	}

	@Override
	public @Nullable String holder(String key) {
		// Keyed as JdbcLockRegistry keys it; compared with the wall clock in UTC as DefaultLockRepository does.
		List<@Nullable String> holders = this.jdbc.queryForList(this.holderQuery, String.class, REGION,
				UUIDConverter.getUUID(key).toString(), LocalDateTime.now(ZoneOffset.UTC));
		String holder = holders.isEmpty() ? null : holders.get(0);
		return (holder != null) ? holder.trim() : null;
	}

}
