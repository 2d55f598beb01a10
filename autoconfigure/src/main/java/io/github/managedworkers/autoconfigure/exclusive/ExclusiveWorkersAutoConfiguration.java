package io.github.managedworkers.autoconfigure.exclusive;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import io.github.managedworkers.LeaseStore;
import io.github.managedworkers.autoconfigure.InvalidManagedWorkerException;
import io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration;

/**
 * The lease store of exclusive workers, when Spring Integration is on the class path: the application's
 * {@link LockRegistry}, or else a {@link JdbcLockRegistry} on its {@link DataSource}. Nothing here touches the
 * database before an exclusive worker takes its first lease.
 * <p>
 * One ordering edge only, after the {@code DataSource}: the registry looks its lease store up when it is created, not
 * when the conditions are evaluated, so this need not run before {@link ManagedWorkersAutoConfiguration}. An edge
 * between the two would close a cycle with every starter ordered after Boot's task scheduling (Spring Integration's
 * is): adoption runs before task scheduling and after the registry.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(LockRegistry.class)
public final class ExclusiveWorkersAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(LeaseStore.class)
	@ConditionalOnSingleCandidate(LockRegistry.class)
	LeaseStore lockRegistryLeaseStore(LockRegistry<?> lockRegistry) {
		return new LockRegistryLeaseStore(lockRegistry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcLockRegistry.class, JdbcTemplate.class })
	@ConditionalOnMissingBean({ LockRegistry.class, LeaseStore.class })
	@ConditionalOnSingleCandidate(DataSource.class)
	static class JdbcLeaseStoreConfiguration {

		@Bean
		@ConditionalOnBean(DataSource.class)
		LeaseStore jdbcLeaseStore(DataSource dataSource, ObjectProvider<PlatformTransactionManager> transactions,
				ObjectProvider<InstanceId> instanceIds, Environment environment) {
			// The registry's id: without a registry (managed-workers.enabled=false) nothing takes a lease anyway.
			String instanceId = instanceIds
				.getIfAvailable(() -> InstanceId.of(environment.getProperty("managed-workers.exclusive.instance-id")))
				.value();
			if (instanceId.length() > InstanceId.MAX_LENGTH) {
				throw new InvalidManagedWorkerException("Invalid value '" + instanceId
						+ "' for managed-workers.exclusive.instance-id: allowed is at most " + InstanceId.MAX_LENGTH
						+ " characters, since the JDBC lock table keeps it in its CHAR(36) CLIENT_ID column.",
						"Shorten managed-workers.exclusive.instance-id to at most " + InstanceId.MAX_LENGTH
								+ " characters, or leave it unset for a generated one.");
			}
			// Not beans: the repository would check its table at startup, even in an app without exclusive workers.
			DefaultLockRepository repository = new DefaultLockRepository(dataSource, instanceId);
			repository.setRegion(JdbcLeaseStore.REGION);
			repository.setTransactionManager(
					transactions.getIfAvailable(() -> new JdbcTransactionManager(dataSource)));
			repository.afterPropertiesSet();
			repository.afterSingletonsInstantiated();
			return new JdbcLeaseStore(repository, new JdbcTemplate(dataSource), DefaultLockRepository.DEFAULT_TABLE_PREFIX);
		}

	}

}
