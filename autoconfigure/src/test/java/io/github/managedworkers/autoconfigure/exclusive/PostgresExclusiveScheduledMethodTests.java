package io.github.managedworkers.autoconfigure.exclusive;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.jdbc.core.JdbcTemplate;

import io.github.managedworkers.test.CheckThreadLeaks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exclusive {@code @Scheduled} method on a real PostgreSQL, started as {@link PostgresLockStoreTests} starts it
 * (which also says why the two kinds of thread ignored here are).
 */
@CheckThreadLeaks(ignoreNamed = { "Thread-\\d+", "Cleaner-\\d+" })
class PostgresExclusiveScheduledMethodTests extends ExclusiveScheduledMethodContract {

	private static @Nullable EmbeddedPostgres postgres;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = LockTablePostgres.start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		if (postgres != null) {
			postgres.close();
		}
	}

	@Override
	String url() {
		return started().getJdbcUrl("postgres", "postgres");
	}

	@Override
	JdbcTemplate jdbc() {
		return new JdbcTemplate(started().getPostgresDatabase());
	}

	@Override
	String twoSecondsAfter(String column) {
		return column + " + INTERVAL '2 seconds'";
	}

	private static EmbeddedPostgres started() {
		EmbeddedPostgres started = postgres;
		assertThat(started).isNotNull();
		return started;
	}

}
