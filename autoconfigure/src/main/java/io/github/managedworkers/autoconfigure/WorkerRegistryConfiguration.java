package io.github.managedworkers.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.github.managedworkers.InvalidWorkerSpecException;
import io.github.managedworkers.LeaseStore;
import io.github.managedworkers.TaskDecorator;
import io.github.managedworkers.WorkerListener;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.dashboard.WorkersDashboardProperties;
import io.github.managedworkers.autoconfigure.exclusive.InstanceId;

/**
 * The registry, the lifecycle that starts and drains it, and the discovery of {@code @ManagedWorker} beans.
 */
@Configuration(proxyBeanMethods = false)
class WorkerRegistryConfiguration {

	private static final String PHASE_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";

	private static final ConfigurationPropertyName WORKERS = ConfigurationPropertyName.of("managed-workers.workers");

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	WorkerRegistry workerRegistry(ManagedWorkersProperties properties, Environment environment,
			ObjectProvider<WorkerListener> listeners, ObjectProvider<ContextPropagation> contextPropagation,
			ObjectProvider<org.springframework.core.task.TaskDecorator> springTaskDecorators,
			ObjectProvider<TaskDecorator> taskDecorators, ObjectProvider<LeaseStore> leaseStore,
			InstanceId instanceId) {
		WorkerRegistry.Builder builder = registryBuilder(properties, environment);
		// Checked before any worker is made from them: the adopted 'async' worker is made as soon as the registry
		// exists, before the registrar checks them.
		new WorkerSpecResolver(properties, environment).validate();
		listeners.orderedStream().forEach(builder::listener);
		TaskDecorator decorator = WorkerTaskDecorators.compose(contextPropagation.getIfAvailable(),
				springTaskDecorators.orderedStream().toList(), taskDecorators.orderedStream().toList());
		if (decorator != null) {
			builder.taskDecorator(decorator);
		}
		ExclusiveSettings.apply(properties.getExclusive(), properties.getShutdown(), leaseStore.getIfAvailable(),
				instanceId, environment,
				builder);
		try {
			return builder.build();
		}
		catch (InvalidWorkerSpecException ex) {
			throw InvalidManagedWorkerException.property(key(ex.setting()), written(ex, environment), ex.allowed(),
					ex);
		}
	}

	/**
	 * A registry builder with the registry-wide settings, each checked as it is set.
	 */
	private static WorkerRegistry.Builder registryBuilder(ManagedWorkersProperties properties,
			Environment environment) {
		ManagedWorkersProperties.Shutdown shutdown = properties.getShutdown();
		WorkerRegistry.Builder builder = WorkerRegistry.builder();
		try {
			builder.threads(properties.getThreads())
				.drainTimeout(shutdown.getDrainTimeout())
				.interruptGrace(shutdown.getInterruptGrace());
		}
		catch (InvalidWorkerSpecException ex) {
			throw InvalidManagedWorkerException.property(key(ex.setting()), written(ex, environment), ex.allowed(),
					ex);
		}
		checkFitsShutdownPhase(shutdown, environment);
		return builder;
	}

	/** One per context, not per JVM: two contexts in one JVM are two instances that must not share a lease. */
	@Bean
	@ConditionalOnMissingBean
	InstanceId managedWorkersInstanceId(ManagedWorkersProperties properties) {
		return InstanceId.of(properties.getExclusive().getInstanceId());
	}

	@Bean
	@ConditionalOnMissingBean
	ManagedWorkersLifecycle managedWorkersLifecycle(WorkerRegistry registry, ApplicationEventPublisher events,
			ObjectProvider<ApplicationAvailability> availability) {
		return new ManagedWorkersLifecycle(registry, events,
				availability.getIfAvailable(ApplicationAvailabilityBean::new));
	}

	@Bean
	@ConditionalOnMissingBean
	WorkerSources workerSources() {
		return new WorkerSources();
	}

	@Bean
	WorkerSpecResolver workerSpecResolver(ManagedWorkersProperties properties, Environment environment,
			ObjectProvider<LeaseStore> leaseStore) {
		return new WorkerSpecResolver(properties, environment, leaseStore::getIfAvailable);
	}

	/**
	 * The registrar, created with the singletons whatever else exists: every {@code managed-workers.*} value is
	 * checked here, whether a worker uses it or not, and also when the application defines its own registry.
	 */
	@Bean
	ManagedWorkerRegistrar managedWorkerRegistrar(WorkerRegistry registry, ManagedWorkersProperties properties,
			Environment environment, ConfigurableListableBeanFactory beanFactory, WorkerSources sources,
			WorkerSpecResolver specs) {
		registryBuilder(properties, environment);
		specs.validate();
		WorkersDashboardProperties.validate(environment);
		return new ManagedWorkerRegistrar(registry, specs, configuredWorkerNames(properties, environment), beanFactory,
				sources);
	}

	/**
	 * The worker names that properties configure, each with the keys that name it. Read from the property names
	 * too: a dotted name written without brackets binds to its first part, and must not be ignored silently.
	 */
	private static Map<String, List<String>> configuredWorkerNames(ManagedWorkersProperties properties,
			Environment environment) {
		Map<String, List<String>> names = new LinkedHashMap<>();
		properties.getWorkers().keySet().forEach((name) -> names.put(name, new ArrayList<>()));
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(WORKERS::isAncestorOf)
					.forEach((name) -> names
						.computeIfAbsent(name.getElement(WORKERS.getNumberOfElements(), Form.ORIGINAL),
								(key) -> new ArrayList<>())
						.add(name.toString()));
			}
		}
		return names;
	}

	private static void checkFitsShutdownPhase(ManagedWorkersProperties.Shutdown shutdown, Environment environment) {
		Duration phase = Binder.get(environment).bind(PHASE_TIMEOUT, Duration.class).orElse(Duration.ofSeconds(30));
		Duration drain = shutdown.getDrainTimeout();
		Duration grace = shutdown.getInterruptGrace();
		if (drain != null && grace != null && drain.plus(grace).compareTo(phase) > 0) {
			throw new InvalidManagedWorkerException(
					"managed-workers.shutdown.drain-timeout (" + drain + ") plus managed-workers.shutdown.interrupt-grace ("
							+ grace + ") is longer than " + PHASE_TIMEOUT + " (" + phase
							+ "): the drain would not fit in its shutdown phase.",
					"Shorten managed-workers.shutdown.drain-timeout to at most " + phase.minus(grace)
							+ ", or raise " + PHASE_TIMEOUT + ".");
		}
	}

	/** The value as the user wrote it ({@code -1s}), else as the exception has it. */
	private static @Nullable Object written(InvalidWorkerSpecException ex, Environment environment) {
		String written = environment.getProperty(key(ex.setting()));
		return (written != null) ? written : ex.value();
	}

	private static String key(String setting) {
		return switch (setting) {
			case "drainTimeout" -> "managed-workers.shutdown.drain-timeout";
			case "interruptGrace" -> "managed-workers.shutdown.interrupt-grace";
			default -> "managed-workers." + setting;
		};
	}

}
