package io.github.managedworkers.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

import io.github.managedworkers.Durations;
import io.github.managedworkers.InvalidWorkerSpecException;
import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.RestartPolicy;
import io.github.managedworkers.Schedule;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.autoconfigure.ManagedWorkersProperties.Defaults;
import io.github.managedworkers.autoconfigure.scheduling.CronSchedule;

/**
 * Resolves the spec of an annotated worker from its layers, the most specific winning: built-in defaults,
 * {@code managed-workers.defaults.*}, the annotation, then {@code managed-workers.workers.<name>.*}. A bad value is
 * reported against the key or attribute it came from.
 */
final class WorkerSpecResolver {

	private static final String DEFAULTS = "managed-workers.defaults.";

	/** The name the specs checked by {@link #validate()} are built with; it appears in no message. */
	private static final String VALIDATION_NAME = "validation";

	private final ManagedWorkersProperties properties;

	private final Environment environment;

	WorkerSpecResolver(ManagedWorkersProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	/**
	 * Resolves a spec.
	 * @param name the worker's name
	 * @param annotation its annotation
	 * @param annotated where the annotation is, for messages: {@code com.example.Jobs.run()}
	 * @return the spec
	 * @throws InvalidManagedWorkerException naming the key or attribute of a bad value
	 */
	WorkerSpec resolve(String name, ManagedWorker annotation, String annotated) {
		Layers layers = new Layers();
		defaults(layers);
		layers.durationAttribute(name, "every", annotation.every(), annotated);
		layers.durationAttribute(name, "initialDelay", annotation.initialDelay(), annotated);
		layers.attribute("maxConcurrency", (annotation.maxConcurrency() != -1) ? annotation.maxConcurrency() : null,
				annotated);
		layers.durationAttribute(name, "maxWait", annotation.maxWait(), annotated);
		layers.attribute("queueCapacity", (annotation.queueCapacity() != -1) ? annotation.queueCapacity() : null,
				annotated);
		// ON_FAILURE is the annotation's default: it defers to managed-workers.defaults.restart.
		layers.attribute("restart", (annotation.restart() != RestartPolicy.ON_FAILURE) ? annotation.restart() : null,
				annotated);
		layers.attribute("exclusive", annotation.exclusive() ? Boolean.TRUE : null, annotated);
		ManagedWorkersProperties.Worker own = this.properties.getWorkers().get(name);
		if (own != null) {
			worker(layers, name, own);
		}
		Schedule cron = cron(name, annotation.cron(), annotation.zone(), annotated, own, layers.chosen.get("every"));
		return layers.build(name, cron);
	}

	/**
	 * Checks every {@code managed-workers.defaults.*} and {@code managed-workers.workers.<name>.*} value as bound,
	 * whether or not a worker uses it: a bad value fails startup even when every worker sets its own, or before the
	 * first worker is written.
	 * @throws InvalidManagedWorkerException naming the key of the first bad value
	 */
	void validate() {
		Layers layers = new Layers();
		defaults(layers);
		layers.build(VALIDATION_NAME, null);
		this.properties.getWorkers().forEach((name, own) -> {
			Layers workerLayers = new Layers();
			defaults(workerLayers);
			worker(workerLayers, name, own);
			workerLayers.build(VALIDATION_NAME, null);
			checkCron(name, own);
		});
	}

	private void defaults(Layers layers) {
		Defaults defaults = this.properties.getDefaults();
		layers.property("maxConcurrency", defaults.getMaxConcurrency(), DEFAULTS + "max-concurrency");
		layers.property("maxWait", defaults.getMaxWait(), DEFAULTS + "max-wait");
		layers.property("queueCapacity", defaults.getQueueCapacity(), DEFAULTS + "queue-capacity");
		layers.property("restart", defaults.getRestart(), DEFAULTS + "restart");
		layers.property("restartBackoffInitial", defaults.getRestartBackoff().getInitial(),
				DEFAULTS + "restart-backoff.initial");
		layers.property("restartBackoffMax", defaults.getRestartBackoff().getMax(), DEFAULTS + "restart-backoff.max");
		layers.property("maxRestarts", defaults.getRestartIntensity().getMaxRestarts(),
				DEFAULTS + "restart-intensity.max-restarts");
		layers.property("restartWindow", defaults.getRestartIntensity().getWindow(),
				DEFAULTS + "restart-intensity.window");
		layers.property("stuckAfter", defaults.getStuckAfter(), DEFAULTS + "stuck-after");
	}

	private void worker(Layers layers, String name, ManagedWorkersProperties.Worker own) {
		String prefix = "managed-workers.workers." + name + ".";
		layers.property("every", own.getEvery(), prefix + "every");
		layers.property("initialDelay", own.getInitialDelay(), prefix + "initial-delay");
		layers.property("maxConcurrency", own.getMaxConcurrency(), prefix + "max-concurrency");
		layers.property("maxWait", own.getMaxWait(), prefix + "max-wait");
		layers.property("queueCapacity", own.getQueueCapacity(), prefix + "queue-capacity");
		layers.property("restart", own.getRestart(), prefix + "restart");
		layers.property("restartBackoffInitial", own.getRestartBackoff().getInitial(),
				prefix + "restart-backoff.initial");
		layers.property("restartBackoffMax", own.getRestartBackoff().getMax(), prefix + "restart-backoff.max");
		layers.property("maxRestarts", own.getRestartIntensity().getMaxRestarts(),
				prefix + "restart-intensity.max-restarts");
		layers.property("restartWindow", own.getRestartIntensity().getWindow(), prefix + "restart-intensity.window");
		layers.property("stuckAfter", own.getStuckAfter(), prefix + "stuck-after");
		layers.property("exclusive", own.getExclusive(), prefix + "exclusive");
	}

	/**
	 * The cron schedule of the worker, if any: {@code managed-workers.workers.<name>.cron} and {@code .zone} win over
	 * the annotation's {@code cron} and {@code zone} ({@code ""} when unset).
	 */
	private @Nullable Schedule cron(String name, String annotationCron, String annotationZone, String annotated,
			ManagedWorkersProperties.@Nullable Worker own, @Nullable Source every) {
		String prefix = "managed-workers.workers." + name + ".";
		String ownCron = (own != null) ? own.getCron() : null;
		String ownZone = (own != null) ? own.getZone() : null;
		String cron = (ownCron != null) ? ownCron : emptyToNull(annotationCron);
		String cronWhere = (ownCron != null) ? prefix + "cron" : "@ManagedWorker(cron) on " + annotated;
		String zone = (ownZone != null) ? ownZone : emptyToNull(annotationZone);
		String zoneWhere = (ownZone != null) ? prefix + "zone" : "@ManagedWorker(zone) on " + annotated;
		if (cron == null) {
			if (zone != null) {
				throw new InvalidManagedWorkerException("Worker '" + name + "' has a zone ('" + zone + "', from "
						+ zoneWhere + ") but no cron expression: a zone only applies to cron.",
						"Set " + prefix + "cron or @ManagedWorker(cron = \"...\"), or remove the zone.");
			}
			return null;
		}
		if (every != null) {
			String everyWhere = every.attribute() ? "@ManagedWorker(every) on " + every.where() : every.where();
			throw new InvalidManagedWorkerException(
					"Worker '" + name + "' has both every ('" + every.written() + "', from " + everyWhere
							+ ") and cron ('" + cron + "', from " + cronWhere + "): a worker runs on one schedule.",
					"Remove one of " + everyWhere + " and " + cronWhere + ".");
		}
		try {
			CronSchedule.parseZone(zone);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidManagedWorkerException("Worker '" + name + "': invalid zone '" + zone + "' in "
					+ zoneWhere + ": allowed is " + CronSchedule.ZONE_ALLOWED + ".",
					"Change " + zoneWhere + " to " + CronSchedule.ZONE_ALLOWED + ".", ex);
		}
		try {
			return CronSchedule.of(cron, zone);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidManagedWorkerException("Worker '" + name + "': " + String.valueOf(ex.getMessage())
				.replace("Invalid cron expression", "invalid cron expression") + " (in " + cronWhere + ").",
					"Change " + cronWhere + " to " + CronSchedule.CRON_ALLOWED + ".", ex);
		}
	}

	/**
	 * Checks a worker's cron and zone properties on their own: whether they go together, and with {@code every},
	 * is for {@link #resolve}, which sees the annotation too.
	 */
	private static void checkCron(String name, ManagedWorkersProperties.Worker own) {
		String prefix = "managed-workers.workers." + name + ".";
		String zone = own.getZone();
		if (zone != null) {
			try {
				CronSchedule.parseZone(zone);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidManagedWorkerException("Worker '" + name + "': invalid zone '" + zone + "' in "
						+ prefix + "zone: allowed is " + CronSchedule.ZONE_ALLOWED + ".",
						"Change " + prefix + "zone to " + CronSchedule.ZONE_ALLOWED + ".", ex);
			}
		}
		String cron = own.getCron();
		if (cron != null) {
			try {
				CronSchedule.of(cron, zone);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidManagedWorkerException("Worker '" + name + "': " + String.valueOf(ex.getMessage())
					.replace("Invalid cron expression", "invalid cron expression") + " (in " + prefix + "cron).",
						"Change " + prefix + "cron to " + CronSchedule.CRON_ALLOWED + ".", ex);
			}
		}
	}

	private static @Nullable String emptyToNull(String value) {
		return value.isEmpty() ? null : value;
	}

	/** The winning value of each setting, and where it came from. */
	private final class Layers {

		private final Map<String, Source> chosen = new HashMap<>();

		private int layer;

		void property(String setting, @Nullable Object value, String key) {
			String written = WorkerSpecResolver.this.environment.getProperty(key);
			this.layer++;
			if (value != null) {
				Object shown = (written != null) ? written : value;
				this.chosen.put(setting, new Source(value, shown, key, false, written != null, this.layer));
			}
		}

		void attribute(String setting, @Nullable Object value, String annotated) {
			attribute(setting, value, value, annotated);
		}

		private void attribute(String setting, @Nullable Object value, @Nullable Object written, String annotated) {
			this.layer++;
			if (value != null) {
				this.chosen.put(setting, new Source(value, (written != null) ? written : value, annotated, true, true,
						this.layer));
			}
		}

		/** A duration written in the annotation, {@code ""} when unset. */
		void durationAttribute(String name, String setting, String text, String annotated) {
			if (!text.isEmpty()) {
				try {
					attribute(setting, Durations.parse(name, setting, text), text, annotated);
				}
				catch (InvalidWorkerSpecException ex) {
					throw invalid(new Source(text, text, annotated, true, true, this.layer), ex);
				}
			}
		}

		WorkerSpec build(String name, @Nullable Schedule schedule) {
			WorkerSpec.Builder builder = WorkerSpec.builder(name).schedule(schedule);
			apply("every", (value) -> builder.every((Duration) value));
			apply("initialDelay", (value) -> builder.initialDelay((Duration) value));
			apply("maxConcurrency", (value) -> builder.maxConcurrency((Integer) value));
			apply("maxWait", (value) -> builder.maxWait((Duration) value));
			apply("queueCapacity", (value) -> builder.queueCapacity((Integer) value));
			apply("restart", (value) -> builder.restart((RestartPolicy) value));
			apply("restartBackoffInitial", (value) -> builder.restartBackoffInitial((Duration) value));
			apply("restartBackoffMax", (value) -> builder.restartBackoffMax((Duration) value));
			apply("maxRestarts", (value) -> builder.maxRestarts((Integer) value));
			apply("restartWindow", (value) -> builder.restartWindow((Duration) value));
			apply("stuckAfter", (value) -> builder.stuckAfter((Duration) value));
			apply("exclusive", (value) -> builder.exclusive((Boolean) value));
			try {
				return builder.build();
			}
			catch (InvalidWorkerSpecException ex) {
				// max shorter than initial: blame the more specific of the two settings that were written
				Source initial = this.chosen.get("restartBackoffInitial");
				Source max = this.chosen.get("restartBackoffMax");
				if (initial == null || max == null) {
					throw ex; // only the pair can be out of bounds, and both have a default
				}
				boolean blameInitial = (initial.explicit() != max.explicit()) ? initial.explicit()
						: initial.layer() > max.layer();
				throw blameInitial
						? invalid(initial, "a duration of at most " + max.where() + " (" + max.written() + ")", ex)
						: invalid(max, "a duration of at least " + initial.where() + " (" + initial.written() + ")",
								ex);
			}
		}

		private void apply(String setting, Consumer<Object> setter) {
			Source source = this.chosen.get(setting);
			if (source != null) {
				try {
					setter.accept(source.value());
				}
				catch (InvalidWorkerSpecException ex) {
					throw invalid(source, ex);
				}
			}
		}

		private InvalidManagedWorkerException invalid(Source source, InvalidWorkerSpecException ex) {
			return invalid(source, ex.allowed(), ex);
		}

		private InvalidManagedWorkerException invalid(Source source, String allowed, InvalidWorkerSpecException ex) {
			if (source.attribute()) {
				return new InvalidManagedWorkerException(
						"Invalid " + ex.setting() + " '" + source.written() + "' in @ManagedWorker on " + source.where()
								+ ": allowed is " + allowed + ".",
						"Change @ManagedWorker(" + ex.setting() + " = ...) on " + source.where() + " to "
								+ allowed + ".",
						ex);
			}
			return InvalidManagedWorkerException.property(source.where(), source.written(), allowed, ex);
		}

	}

	/**
	 * Where a value came from: {@code written} is the value as the user wrote it, {@code where} the property key or
	 * the annotated element, {@code explicit} whether the user wrote it (not a property's built-in default).
	 */
	private record Source(Object value, Object written, String where, boolean attribute,
			boolean explicit, int layer) {
	}

}
