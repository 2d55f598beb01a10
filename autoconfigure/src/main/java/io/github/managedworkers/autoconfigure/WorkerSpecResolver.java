package io.github.managedworkers.autoconfigure;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;

import io.github.managedworkers.Durations;
import io.github.managedworkers.InvalidWorkerSpecException;
import io.github.managedworkers.LeaseStore;
import io.github.managedworkers.RestartPolicy;
import io.github.managedworkers.Schedule;
import io.github.managedworkers.Worker;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.autoconfigure.ManagedWorkersProperties.Defaults;
import io.github.managedworkers.autoconfigure.scheduling.CronSchedule;

import static io.github.managedworkers.autoconfigure.WorkerSetting.CRON;
import static io.github.managedworkers.autoconfigure.WorkerSetting.EVERY;
import static io.github.managedworkers.autoconfigure.WorkerSetting.EXCLUSIVE;
import static io.github.managedworkers.autoconfigure.WorkerSetting.INITIAL_DELAY;
import static io.github.managedworkers.autoconfigure.WorkerSetting.MAX_CONCURRENCY;
import static io.github.managedworkers.autoconfigure.WorkerSetting.MAX_RESTARTS;
import static io.github.managedworkers.autoconfigure.WorkerSetting.MAX_WAIT;
import static io.github.managedworkers.autoconfigure.WorkerSetting.QUEUE_CAPACITY;
import static io.github.managedworkers.autoconfigure.WorkerSetting.RESTART;
import static io.github.managedworkers.autoconfigure.WorkerSetting.RESTART_BACKOFF_INITIAL;
import static io.github.managedworkers.autoconfigure.WorkerSetting.RESTART_BACKOFF_MAX;
import static io.github.managedworkers.autoconfigure.WorkerSetting.RESTART_WINDOW;
import static io.github.managedworkers.autoconfigure.WorkerSetting.STUCK_AFTER;
import static io.github.managedworkers.autoconfigure.WorkerSetting.ZONE;

/**
 * Settles the spec of every worker, whatever its source, from layers where the more specific wins: built-in defaults
 * (the source's own defaults among them), {@code managed-workers.defaults.*}, Spring Boot's {@code spring.task.*}
 * where they map, the source's own (see {@link WorkerSpecSource}), then {@code managed-workers.workers[<name>].*}. A
 * bad value is reported against the key or attribute that supplied it; a property the source cannot honour fails
 * startup with the reason.
 */
public final class WorkerSpecResolver {

	private static final String DEFAULTS = "managed-workers.defaults.";

	/** The name the specs checked by {@link #validate()} are built with; it appears in no message. */
	private static final String VALIDATION_NAME = "validation";

	private final ManagedWorkersProperties properties;

	private final Environment environment;

	private final Supplier<@Nullable LeaseStore> leaseStore;

	/**
	 * Creates a resolver.
	 * @param properties the bound {@code managed-workers.*} properties
	 * @param environment the environment, for the values as they were written
	 */
	public WorkerSpecResolver(ManagedWorkersProperties properties, Environment environment) {
		this(properties, environment, () -> null);
	}

	/**
	 * Creates a resolver that can say why an exclusive worker has no lease store.
	 * @param properties the bound {@code managed-workers.*} properties
	 * @param environment the environment, for the values as they were written
	 * @param leaseStore the application's lease store, if any, looked up when an exclusive worker is refused
	 */
	public WorkerSpecResolver(ManagedWorkersProperties properties, Environment environment,
			Supplier<@Nullable LeaseStore> leaseStore) {
		this.properties = properties;
		this.environment = environment;
		this.leaseStore = leaseStore;
	}

	/**
	 * The key of one worker's setting as Spring Boot binds it: a name with a dot goes in brackets
	 * ({@code managed-workers.workers[ticker.tick].exclusive}).
	 * @param worker the worker's name
	 * @param setting the setting
	 * @return the full key
	 */
	public static String key(String worker, WorkerSetting setting) {
		return prefix(worker) + setting.property();
	}

	static String prefix(String worker) {
		return worker.contains(".") ? "managed-workers.workers[" + worker + "]."
				: "managed-workers.workers." + worker + ".";
	}

	/**
	 * Resolves a worker's spec and registers the worker.
	 * @param registry the registry
	 * @param source the worker as its source declares it
	 * @param body its body, or {@code null} for a worker that only runs submitted tasks
	 * @return the registered worker
	 * @throws InvalidManagedWorkerException naming the key or attribute of a bad value, or the setting that made the
	 * worker exclusive when there is no lock store
	 * @throws InvalidWorkerSpecException when the registry refuses the worker for another reason (its name is taken)
	 */
	public WorkerHandle register(WorkerRegistry registry, WorkerSpecSource source, @Nullable Worker body) {
		Layers layers = layers(source);
		WorkerSpec spec = layers.build(source.name(), true);
		try {
			return (body != null) ? registry.register(spec, body) : registry.register(spec);
		}
		catch (InvalidWorkerSpecException ex) {
			Choice exclusive = layers.chosen.get(EXCLUSIVE);
			if (!"exclusive".equals(ex.setting()) || exclusive == null) {
				throw ex;
			}
			refuseUnprovenLocks(source, exclusive, ex);
			throw new InvalidManagedWorkerException("Worker '" + source.name() + "' is exclusive (from "
					+ exclusive.where() + "), but the application has no lock store to elect the instance that runs "
					+ "it.",
					"Add org.springframework.integration:spring-integration-jdbc with a DataSource (the lock table "
							+ "INT_LOCK, see docs/exclusive-workers.md), or define a "
							+ "org.springframework.integration.support.locks.LockRegistry bean (Redis, Zookeeper, "
							+ "...); or set " + key(source.name(), EXCLUSIVE) + "=false.",
					ex);
		}
	}

	/** The registry got no lease store because the application's lock store cannot prove a renewal. */
	private void refuseUnprovenLocks(WorkerSpecSource source, Choice exclusive, InvalidWorkerSpecException ex) {
		LeaseStore store = this.leaseStore.get();
		if (store != null && !store.provesRenewal()) {
			throw new InvalidManagedWorkerException("Worker '" + source.name() + "' is exclusive (from "
					+ exclusive.where() + "), but the application's lock store (" + store
					+ ") cannot prove that a lease was renewed (a LockRegistry that is not a RenewableLockRegistry), "
					+ "so a leader cut off from it (a Zookeeper session that expired) would go on running while "
					+ "another instance takes the lock.",
					"Use a LockRegistry that renews with a time to live and fails when it cannot (JdbcLockRegistry, the "
							+ "default on a DataSource, or RedisLockRegistry; see docs/exclusive-workers.md), or set "
							+ key(source.name(), EXCLUSIVE) + "=false.",
					ex);
		}
	}

	/**
	 * Settles a worker's spec without registering it, for a worker the registry builds another way (over an
	 * application's executor).
	 * @param source the worker as its source declares it
	 * @return the spec
	 * @throws InvalidManagedWorkerException naming the key or attribute of a bad value
	 */
	public WorkerSpec spec(WorkerSpecSource source) {
		return layers(source).build(source.name(), true);
	}

	/**
	 * Checks every {@code managed-workers.defaults.*} and {@code managed-workers.workers[<name>].*} value as bound,
	 * whether or not a worker uses it: a bad value fails startup even when every worker sets its own, or before the
	 * first worker is written.
	 * @throws InvalidManagedWorkerException naming the key of the first bad value
	 */
	void validate() {
		Layers defaults = new Layers(new PropertiesOnly(VALIDATION_NAME));
		defaults(defaults);
		defaults.build(VALIDATION_NAME, false);
		for (String name : this.properties.getWorkers().keySet()) {
			layers(new PropertiesOnly(name)).build(VALIDATION_NAME, false);
		}
	}

	private Layers layers(WorkerSpecSource source) {
		Layers layers = new Layers(source);
		source.defaults(layers);
		defaults(layers);
		source.springTask(layers);
		source.own(layers);
		ManagedWorkersProperties.Worker own = this.properties.getWorkers().get(source.name());
		if (own != null) {
			worker(layers, source.name(), own);
		}
		return layers;
	}

	private void defaults(Layers layers) {
		Defaults defaults = this.properties.getDefaults();
		layers.defaultsProperty(MAX_CONCURRENCY, defaults.getMaxConcurrency(), DEFAULTS + MAX_CONCURRENCY.property());
		layers.defaultsProperty(MAX_WAIT, defaults.getMaxWait(), DEFAULTS + MAX_WAIT.property());
		layers.defaultsProperty(QUEUE_CAPACITY, defaults.getQueueCapacity(), DEFAULTS + QUEUE_CAPACITY.property());
		layers.defaultsProperty(RESTART, defaults.getRestart(), DEFAULTS + RESTART.property());
		layers.defaultsProperty(RESTART_BACKOFF_INITIAL, defaults.getRestartBackoff().getInitial(),
				DEFAULTS + RESTART_BACKOFF_INITIAL.property());
		layers.defaultsProperty(RESTART_BACKOFF_MAX, defaults.getRestartBackoff().getMax(),
				DEFAULTS + RESTART_BACKOFF_MAX.property());
		layers.defaultsProperty(MAX_RESTARTS, defaults.getRestartIntensity().getMaxRestarts(),
				DEFAULTS + MAX_RESTARTS.property());
		layers.defaultsProperty(RESTART_WINDOW, defaults.getRestartIntensity().getWindow(),
				DEFAULTS + RESTART_WINDOW.property());
		layers.defaultsProperty(STUCK_AFTER, defaults.getStuckAfter(), DEFAULTS + STUCK_AFTER.property());
	}

	private static void worker(Layers layers, String name, ManagedWorkersProperties.Worker own) {
		PropertyMapper map = PropertyMapper.get();
		Map<WorkerSetting, @Nullable Object> values = new EnumMap<>(WorkerSetting.class);
		values.put(EVERY, own.getEvery());
		values.put(INITIAL_DELAY, own.getInitialDelay());
		values.put(CRON, own.getCron());
		values.put(ZONE, own.getZone());
		values.put(MAX_CONCURRENCY, own.getMaxConcurrency());
		values.put(MAX_WAIT, own.getMaxWait());
		values.put(QUEUE_CAPACITY, own.getQueueCapacity());
		values.put(RESTART, own.getRestart());
		values.put(RESTART_BACKOFF_INITIAL, own.getRestartBackoff().getInitial());
		values.put(RESTART_BACKOFF_MAX, own.getRestartBackoff().getMax());
		values.put(MAX_RESTARTS, own.getRestartIntensity().getMaxRestarts());
		values.put(RESTART_WINDOW, own.getRestartIntensity().getWindow());
		values.put(STUCK_AFTER, own.getStuckAfter());
		values.put(EXCLUSIVE, own.getExclusive());
		values.forEach((setting, value) -> map.from(value)
			.to((bound) -> layers.property(setting, bound, key(name, setting))));
	}

	/** The schedule named by the chosen cron and zone, if any; {@code combined}: also check them with every. */
	private static @Nullable Schedule cron(String name, @Nullable Choice cron, @Nullable Choice zone,
			@Nullable Choice every, boolean combined) {
		String zoneText = (zone != null) ? (String) zone.value() : null;
		if (zone != null) {
			try {
				CronSchedule.parseZone(zoneText);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidManagedWorkerException("Worker '" + name + "': invalid zone '" + zoneText + "' in "
						+ zone.where() + ": allowed is " + CronSchedule.ZONE_ALLOWED + ".",
						"Change " + zone.where() + " to " + CronSchedule.ZONE_ALLOWED + ".", ex);
			}
		}
		if (cron == null) {
			if (zone != null && combined) {
				throw new InvalidManagedWorkerException("Worker '" + name + "' has a zone ('" + zoneText + "', from "
						+ zone.where() + ") but no cron expression: a zone only applies to cron.",
						"Set " + key(name, CRON) + " or @ManagedWorker(cron = \"...\"), or remove the zone.");
			}
			return null;
		}
		if (every != null && combined) {
			throw new InvalidManagedWorkerException(
					"Worker '" + name + "' has both every ('" + every.written() + "', from " + every.where()
							+ ") and cron ('" + cron.written() + "', from " + cron.where()
							+ "): a worker runs on one schedule.",
					"Remove one of " + every.where() + " and " + cron.where() + ".");
		}
		try {
			return CronSchedule.of((String) cron.value(), zoneText);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidManagedWorkerException("Worker '" + name + "': " + String.valueOf(ex.getMessage())
				.replace("Invalid cron expression", "invalid cron expression") + " (in " + cron.where() + ").",
					"Change " + cron.where() + " to " + CronSchedule.CRON_ALLOWED + ".", ex);
		}
	}

	/** The winning value of each setting, and where it came from. */
	private final class Layers implements WorkerSpecSource.Settings {

		private final WorkerSpecSource source;

		private final Map<WorkerSetting, Choice> chosen = new EnumMap<>(WorkerSetting.class);

		/** Settings the source locked, with why. */
		private final Map<WorkerSetting, String> fixed = new EnumMap<>(WorkerSetting.class);

		private int layer;

		Layers(WorkerSpecSource source) {
			this.source = source;
		}

		@Override
		public void property(WorkerSetting setting, @Nullable Object value, String key) {
			this.layer++;
			if (value == null) {
				return;
			}
			String written = written(key);
			choose(setting, new Choice(value, (written != null) ? written : value, key, false, written != null,
					this.layer));
		}

		/**
		 * A {@code managed-workers.defaults.*} value: one the user did not write (the property's own default) does
		 * not replace the source's default.
		 */
		void defaultsProperty(WorkerSetting setting, @Nullable Object value, String key) {
			if (value != null && written(key) == null && this.chosen.containsKey(setting)) {
				this.layer++;
				return;
			}
			property(setting, value, key);
		}

		/** The value as the user wrote it ({@code -1s}); Spring Boot's binder reads a key with brackets. */
		private @Nullable String written(String key) {
			Environment environment = WorkerSpecResolver.this.environment;
			String written = environment.getProperty(key);
			if (written == null && key.contains("[") && ConfigurationPropertyName.isValid(key)) {
				written = Binder.get(environment).bind(key, String.class).orElse(null);
			}
			return written;
		}

		@Override
		public void declared(WorkerSetting setting, @Nullable Object value, String where) {
			this.layer++;
			if (value != null) {
				choose(setting, new Choice(value, value, where, true, true, this.layer));
			}
		}

		@Override
		public void declaredDuration(WorkerSetting setting, String text, String where) {
			if (text.isEmpty()) {
				this.layer++;
				return;
			}
			Duration value;
			try {
				value = Durations.parse(this.source.name(), setting.attribute(), text);
			}
			catch (InvalidWorkerSpecException ex) {
				throw invalid(new Choice(text, text, where, true, true, this.layer), ex.allowed(), ex);
			}
			this.layer++;
			choose(setting, new Choice(value, text, where, true, true, this.layer));
		}

		@Override
		public void fixed(WorkerSetting setting, @Nullable Object value, String why) {
			this.layer++;
			if (value != null) {
				this.chosen.put(setting, new Choice(value, value, this.source.declaration(), true, true, this.layer));
			}
			else {
				this.chosen.remove(setting);
			}
			this.fixed.put(setting, why);
		}

		private void choose(WorkerSetting setting, Choice choice) {
			String why = this.fixed.get(setting);
			if (why != null) {
				throw new InvalidManagedWorkerException(choice.where() + " ('" + choice.written()
						+ "') cannot apply to worker '" + this.source.name() + "' (" + this.source.declaration()
						+ "): " + why + ".", "Remove " + choice.where() + ".");
			}
			this.chosen.put(setting, choice);
		}

		/**
		 * Builds the spec; {@code combined}: with what the source configures itself, and the settings checked together
		 * (cron with every, zone with cron), not only one by one as {@link #validate()} checks properties.
		 */
		WorkerSpec build(String specName, boolean combined) {
			WorkerSpec.Builder builder;
			try {
				builder = WorkerSpec.builder(specName);
			}
			catch (InvalidWorkerSpecException ex) {
				throw new InvalidManagedWorkerException("Invalid worker name '" + specName + "' ("
						+ this.source.declaration() + "): allowed is " + ex.allowed() + ".",
						"Name the worker with @ManagedWorker(name = \"...\"), using " + ex.allowed() + ".", ex);
			}
			if (combined) {
				this.source.configure(builder);
			}
			Schedule cron = cron(this.source.name(), this.chosen.get(CRON), this.chosen.get(ZONE),
					this.chosen.get(EVERY), combined);
			if (cron != null && combined) {
				builder.schedule(cron);
			}
			for (Map.Entry<WorkerSetting, Choice> entry : this.chosen.entrySet()) {
				try {
					apply(builder, entry.getKey(), entry.getValue().value());
				}
				catch (InvalidWorkerSpecException ex) {
					throw invalid(entry.getValue(), ex.allowed(), ex);
				}
			}
			try {
				return builder.build();
			}
			catch (InvalidWorkerSpecException ex) {
				throw blameBackoff(ex);
			}
		}

		/** Max shorter than initial: blames the more specific of the two settings that were written. */
		private RuntimeException blameBackoff(InvalidWorkerSpecException ex) {
			Choice initial = this.chosen.get(RESTART_BACKOFF_INITIAL);
			Choice max = this.chosen.get(RESTART_BACKOFF_MAX);
			if (!"restartBackoffMax".equals(ex.setting()) || initial == null || max == null) {
				return ex;
			}
			boolean blameInitial = (initial.explicit() != max.explicit()) ? initial.explicit()
					: initial.layer() > max.layer();
			return blameInitial
					? invalid(initial, "a duration of at most " + max.where() + " (" + max.written() + ")", ex)
					: invalid(max, "a duration of at least " + initial.where() + " (" + initial.written() + ")", ex);
		}

		private static void apply(WorkerSpec.Builder builder, WorkerSetting setting, Object value) {
			switch (setting) {
				case EVERY -> builder.every((Duration) value);
				case INITIAL_DELAY -> builder.initialDelay((Duration) value);
				case MAX_CONCURRENCY -> builder.maxConcurrency((Integer) value);
				case MAX_WAIT -> builder.maxWait((Duration) value);
				case QUEUE_CAPACITY -> builder.queueCapacity((Integer) value);
				case RESTART -> builder.restart((RestartPolicy) value);
				case RESTART_BACKOFF_INITIAL -> builder.restartBackoffInitial((Duration) value);
				case RESTART_BACKOFF_MAX -> builder.restartBackoffMax((Duration) value);
				case MAX_RESTARTS -> builder.maxRestarts((Integer) value);
				case RESTART_WINDOW -> builder.restartWindow((Duration) value);
				case STUCK_AFTER -> builder.stuckAfter((Duration) value);
				case EXCLUSIVE -> builder.exclusive((Boolean) value);
				case CRON, ZONE -> {
					// together, as a schedule
				}
			}
		}

		private static InvalidManagedWorkerException invalid(Choice choice, String allowed,
				InvalidWorkerSpecException ex) {
			if (choice.declared()) {
				return new InvalidManagedWorkerException("Invalid value '" + choice.written() + "' for "
						+ choice.where() + ": allowed is " + allowed + ".",
						"Change " + choice.where() + " to " + allowed + ".", ex);
			}
			return InvalidManagedWorkerException.property(choice.where(), choice.written(), allowed, ex);
		}

	}

	/**
	 * Where a value came from: {@code written} is the value as the user wrote it, {@code where} the property key or
	 * the annotation's attribute, {@code explicit} whether the user wrote it (not a property's built-in default).
	 */
	private record Choice(Object value, Object written, String where, boolean declared, boolean explicit,
			int layer) {
	}

	/** A worker known only from its properties, for {@link #validate()}. */
	private record PropertiesOnly(String name) implements WorkerSpecSource {

		@Override
		public String declaration() {
			return "configured by properties";
		}

	}

}
