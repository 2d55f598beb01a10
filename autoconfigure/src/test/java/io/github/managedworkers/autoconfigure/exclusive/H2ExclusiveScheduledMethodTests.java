package io.github.managedworkers.autoconfigure.exclusive;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * An exclusive {@code @Scheduled} method on H2.
 */
class H2ExclusiveScheduledMethodTests extends ExclusiveScheduledMethodContract {

	private static final String URL = "jdbc:h2:mem:scheduled;DB_CLOSE_DELAY=-1;"
			+ "INIT=RUNSCRIPT FROM 'classpath:int-lock-h2.sql'";

	private final JdbcTemplate jdbc = new JdbcTemplate(new SimpleDriverDataSource(new org.h2.Driver(), URL, "sa", ""));

	@Override
	String url() {
		return URL;
	}

	@Override
	JdbcTemplate jdbc() {
		return this.jdbc;
	}

	@Override
	String twoSecondsAfter(String column) {
		return "DATEADD('SECOND', 2, " + column + ")";
	}

}
