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
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.autoconfigure.ManagedWorkersProperties.Defaults;

/**
 * Resolves the spec of an annotated worker from its layers, the most specific winning: built-in defaults,
 * {@code managed-workers.defaults.*}, the annotation, then {@code managed-workers.workers.<name>.*}. A bad value is
 * reported against the key or attribute it came from.
 */
final class WorkerSpecResolver {

	private static final String DEFAULTS = "managed-workers.defaults.";

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
		Defaults defaults = this.properties.getDefaults();
		layers.property("maxConcurrency", defaults.getMaxConcurrency(), DEFAULTS + "max-concurrency");
		layers.property("maxWait", defaults.getMaxWait(), DEFAULTS + "max-wait");
		layers.property("restart", defaults.getRestart(), DEFAULTS + "restart");
		layers.property("restartBackoffInitial", defaults.getRestartBackoff().getInitial(),
				DEFAULTS + "restart-backoff.initial");
		layers.property("restartBackoffMax", defaults.getRestartBackoff().getMax(), DEFAULTS + "restart-backoff.max");
		layers.property("maxRestarts", defaults.getRestartIntensity().getMaxRestarts(),
				DEFAULTS + "restart-intensity.max-restarts");
		layers.property("restartWindow", defaults.getRestartIntensity().getWindow(),
				DEFAULTS + "restart-intensity.window");
		layers.property("stuckAfter", defaults.getStuckAfter(), DEFAULTS + "stuck-after");

		layers.durationAttribute(name, "every", annotation.every(), annotated);
		layers.durationAttribute(name, "initialDelay", annotation.initialDelay(), annotated);
		layers.attribute("maxConcurrency", (annotation.maxConcurrency() != -1) ? annotation.maxConcurrency() : null,
				annotated);
		layers.durationAttribute(name, "maxWait", annotation.maxWait(), annotated);
		// ON_FAILURE is the annotation's default: it defers to managed-workers.defaults.restart.
		layers.attribute("restart", (annotation.restart() != RestartPolicy.ON_FAILURE) ? annotation.restart() : null,
				annotated);
		layers.attribute("exclusive", annotation.exclusive() ? Boolean.TRUE : null, annotated);

		ManagedWorkersProperties.Worker own = this.properties.getWorkers().get(name);
		if (own != null) {
			String prefix = "managed-workers.workers." + name + ".";
			layers.property("every", own.getEvery(), prefix + "every");
			layers.property("initialDelay", own.getInitialDelay(), prefix + "initial-delay");
			layers.property("maxConcurrency", own.getMaxConcurrency(), prefix + "max-concurrency");
			layers.property("maxWait", own.getMaxWait(), prefix + "max-wait");
			layers.property("restart", own.getRestart(), prefix + "restart");
			layers.property("restartBackoffInitial", own.getRestartBackoff().getInitial(),
					prefix + "restart-backoff.initial");
			layers.property("restartBackoffMax", own.getRestartBackoff().getMax(), prefix + "restart-backoff.max");
			layers.property("maxRestarts", own.getRestartIntensity().getMaxRestarts(),
					prefix + "restart-intensity.max-restarts");
			layers.property("restartWindow", own.getRestartIntensity().getWindow(),
					prefix + "restart-intensity.window");
			layers.property("stuckAfter", own.getStuckAfter(), prefix + "stuck-after");
			layers.property("exclusive", own.getExclusive(), prefix + "exclusive");
		}
		return layers.build(name);
	}

	/** The winning value of each setting, and where it came from. */
	private final class Layers {

		private final Map<String, Source> chosen = new HashMap<>();

		private int layer;

		void property(String setting, @Nullable Object value, String key) {
			String written = WorkerSpecResolver.this.environment.getProperty(key);
			offer(setting, value, new Source(value, (written != null) ? written : value, key, false, ++this.layer));
		}

		void attribute(String setting, @Nullable Object value, String annotated) {
			attribute(setting, value, value, annotated);
		}

		private void attribute(String setting, @Nullable Object value, @Nullable Object written, String annotated) {
			offer(setting, value, new Source(value, written, annotated, true, ++this.layer));
		}

		/** A duration written in the annotation, {@code ""} when unset. */
		void durationAttribute(String name, String setting, String text, String annotated) {
			if (!text.isEmpty()) {
				try {
					attribute(setting, Durations.parse(name, setting, text), text, annotated);
				}
				catch (InvalidWorkerSpecException ex) {
					throw invalid(new Source(text, text, annotated, true, this.layer), ex);
				}
			}
		}

		private void offer(String setting, @Nullable Object value, Source source) {
			if (value != null) {
				this.chosen.put(setting, source);
			}
		}

		WorkerSpec build(String name) {
			WorkerSpec.Builder builder = WorkerSpec.builder(name);
			apply("every", (value) -> builder.every((Duration) value));
			apply("initialDelay", (value) -> builder.initialDelay((Duration) value));
			apply("maxConcurrency", (value) -> builder.maxConcurrency((Integer) value));
			apply("maxWait", (value) -> builder.maxWait((Duration) value));
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
				// max shorter than initial: blame the more specific of the two settings
				Source initial = this.chosen.get("restartBackoffInitial");
				Source max = this.chosen.get("restartBackoffMax");
				throw invalid((initial.layer() > max.layer()) ? initial : max, ex);
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
			if (source.attribute()) {
				return new InvalidManagedWorkerException(
						"Invalid " + ex.setting() + " '" + source.written() + "' in @ManagedWorker on " + source.where()
								+ ": allowed is " + ex.allowed() + ".",
						"Change @ManagedWorker(" + ex.setting() + " = ...) on " + source.where() + " to "
								+ ex.allowed() + ".",
						ex);
			}
			return InvalidManagedWorkerException.property(source.where(), source.written(), ex.allowed(), ex);
		}

	}

	/**
	 * Where a value came from: {@code written} is the value as the user wrote it, {@code where} the property key or
	 * the annotated element.
	 */
	private record Source(Object value, Object written, String where, boolean attribute, int layer) {
	}

}
