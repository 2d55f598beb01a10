package io.github.managedworkers.autoconfigure;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.RestartPolicy;
import io.github.managedworkers.WorkerSpec;

/**
 * One worker as its source declares it (a {@code @ManagedWorker}, an adopted {@code @Scheduled} method, the adopted
 * {@code async} executor, ...): what {@link WorkerSpecResolver} layers between {@code managed-workers.defaults.*} and
 * {@code managed-workers.workers[<name>].*}. A new source of workers implements this and nothing else.
 */
public interface WorkerSpecSource {

	/**
	 * The worker's name.
	 * @return the name
	 */
	String name();

	/**
	 * Where the worker comes from, for messages: {@code @Scheduled method com.example.Ticker.tick() of bean 'ticker'}.
	 * @return the description
	 */
	String declaration();

	/**
	 * Adds the source's own defaults: they win over the built-in defaults of {@code managed-workers.defaults.*}, and
	 * lose to a {@code managed-workers.defaults.*} value the user wrote. None by default.
	 * @param settings the layer to add to
	 */
	default void defaults(Settings settings) {
	}

	/**
	 * Adds the Spring Boot {@code spring.task.*} properties that map onto this worker's settings; they win over
	 * {@code managed-workers.defaults.*}. None by default.
	 * @param settings the layer to add to
	 */
	default void springTask(Settings settings) {
	}

	/**
	 * Adds the source's own settings (an annotation's attributes, an executor bean's sizes), and locks those that no
	 * property can change for this kind of worker.
	 * @param settings the layer to add to
	 */
	default void own(Settings settings) {
	}

	/**
	 * Sets what is not a layered setting, such as a schedule of the source's own or a thread-name prefix; the layered
	 * settings are applied after.
	 * @param builder the spec's builder
	 */
	default void configure(WorkerSpec.Builder builder) {
	}

	/**
	 * Where a source puts its values: each value names where it came from, so that a bad one is reported there.
	 */
	interface Settings {

		/**
		 * A value of a property.
		 * @param setting the setting
		 * @param value the bound value, {@code null} when unset
		 * @param key the property's full key
		 */
		void property(WorkerSetting setting, @Nullable Object value, String key);

		/**
		 * A value the source declares itself.
		 * @param setting the setting
		 * @param value the value, {@code null} when unset
		 * @param where where it is written, such as {@code @ManagedWorker(maxWait) on com.example.Jobs.run()}
		 */
		void declared(WorkerSetting setting, @Nullable Object value, String where);

		/**
		 * A duration the source declares as text.
		 * @param setting the setting
		 * @param text the text, {@code ""} when unset
		 * @param where where it is written
		 */
		void declaredDuration(WorkerSetting setting, String text, String where);

		/**
		 * Locks a setting: it takes the given value whatever {@code managed-workers.defaults.*} says, and any later
		 * value (an attribute, a {@code managed-workers.workers[<name>]} property) fails startup with the reason.
		 * @param setting the setting
		 * @param value its value, {@code null} for none
		 * @param why why nothing else can set it, a sentence such as "its schedule is Spring's, from @Scheduled"
		 */
		void fixed(WorkerSetting setting, @Nullable Object value, String why);

		/**
		 * Locks settings to none: any value for them fails startup with the reason.
		 * @param settings the settings
		 * @param why why nothing can set them
		 */
		default void fixed(Collection<WorkerSetting> settings, String why) {
			for (WorkerSetting setting : settings) {
				fixed(setting, null, why);
			}
		}

		/**
		 * The attributes of a {@code @ManagedWorker} that are set; one at its default defers to the properties.
		 * @param annotation the annotation
		 * @param annotated where it is, such as {@code com.example.Jobs.run() of bean 'jobs'}
		 */
		default void annotation(ManagedWorker annotation, String annotated) {
			String on = ") on " + annotated;
			declaredDuration(WorkerSetting.EVERY, annotation.every(), "@ManagedWorker(every" + on);
			declaredDuration(WorkerSetting.INITIAL_DELAY, annotation.initialDelay(),
					"@ManagedWorker(initialDelay" + on);
			declared(WorkerSetting.CRON, annotation.cron().isEmpty() ? null : annotation.cron(),
					"@ManagedWorker(cron" + on);
			declared(WorkerSetting.ZONE, annotation.zone().isEmpty() ? null : annotation.zone(),
					"@ManagedWorker(zone" + on);
			declared(WorkerSetting.MAX_CONCURRENCY,
					(annotation.maxConcurrency() != -1) ? annotation.maxConcurrency() : null,
					"@ManagedWorker(maxConcurrency" + on);
			declaredDuration(WorkerSetting.MAX_WAIT, annotation.maxWait(), "@ManagedWorker(maxWait" + on);
			declared(WorkerSetting.QUEUE_CAPACITY,
					(annotation.queueCapacity() != -1) ? annotation.queueCapacity() : null,
					"@ManagedWorker(queueCapacity" + on);
			// ON_FAILURE is the annotation's default: it defers to managed-workers.defaults.restart.
			declared(WorkerSetting.RESTART,
					(annotation.restart() != RestartPolicy.ON_FAILURE) ? annotation.restart() : null,
					"@ManagedWorker(restart" + on);
			declared(WorkerSetting.EXCLUSIVE, annotation.exclusive() ? Boolean.TRUE : null,
					"@ManagedWorker(exclusive" + on);
		}

	}

}
