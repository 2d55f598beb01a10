package io.github.managedworkers.autoconfigure.exclusive;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

/**
 * What the lock store's tests share: an application on a {@code DataSource} with the default JDBC lease store, and
 * short leases. Two contexts of one runner on one database are two instances of a service.
 */
final class ExclusiveContexts {

	private ExclusiveContexts() {
	}

	/**
	 * An application whose exclusive workers keep their leases in the {@code INT_LOCK} table of a database.
	 * @param url the database's JDBC URL; its lock table must exist
	 * @param more further properties, such as the user name
	 * @return the runner
	 */
	static ApplicationContextRunner onDatabase(String url, String... more) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, ExclusiveWorkersAutoConfiguration.class,
					ManagedWorkersAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + url, "managed-workers.exclusive.lease-ttl=2s",
					"managed-workers.exclusive.renew-interval=500ms", "managed-workers.shutdown.interrupt-grace=200ms")
			.withPropertyValues(more);
	}

	static WorkerHandle worker(ApplicationContext context, String name) {
		return context.getBean(WorkerRegistry.class).get(name);
	}

}
