package io.github.managedworkers.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration for managed workers: a {@link io.github.managedworkers.WorkerRegistry} that owns every
 * {@link io.github.managedworkers.ManagedWorker @ManagedWorker} bean, starts it with the application and drains it
 * on shutdown. {@code managed-workers.enabled=false} turns it all off.
 */
@AutoConfiguration
@Conditional(EnabledValueCondition.class)
@ConditionalOnBooleanProperty(name = "managed-workers.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ManagedWorkersProperties.class)
@Import({ WorkerRegistryConfiguration.class, ContextPropagationConfiguration.class })
public final class ManagedWorkersAutoConfiguration {

}
