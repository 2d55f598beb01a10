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
 */
@AutoConfiguration(before = ManagedWorkersAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration" })
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
				Environment environment) {
			String instanceId = InstanceIds.resolve(environment.getProperty("managed-workers.exclusive.instance-id"));
			if (instanceId.length() > InstanceIds.MAX_LENGTH) {
				throw new InvalidManagedWorkerException("Invalid value '" + instanceId
						+ "' for managed-workers.exclusive.instance-id: allowed is at most " + InstanceIds.MAX_LENGTH
						+ " characters, since the JDBC lock table keeps it in its CHAR(36) CLIENT_ID column.",
						"Shorten managed-workers.exclusive.instance-id to at most " + InstanceIds.MAX_LENGTH
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
