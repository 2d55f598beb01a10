package io.github.managedworkers.autoconfigure.observation;

import java.util.function.BooleanSupplier;

import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

import io.github.managedworkers.TaskKind;

/**
 * Whether any {@link ObservationHandler} bean would see a task's observation: a tracing handler, or one of the
 * application's own. The metrics handlers do not count: {@link WorkerTaskMeterObservationHandler} keeps them away
 * from task observations, so with only those an observation per task would cost the most of a submit and yield
 * nothing. Spring Boot registers every handler bean with the registry, so the beans are the registry's handlers;
 * they are read once, on the first task.
 */
final class WatchingHandlers implements BooleanSupplier {

	private static final @Nullable Class<?> METER_HANDLER = meterHandlerClass();

	private final ObjectProvider<ObservationHandler<?>> handlers;

	private volatile @Nullable Boolean watching;

	WatchingHandlers(ObjectProvider<ObservationHandler<?>> handlers) {
		this.handlers = handlers;
	}

	@Override
	public boolean getAsBoolean() {
		Boolean known = this.watching;
		if (known == null) {
			WorkerTaskObservationContext probe = new WorkerTaskObservationContext("probe", TaskKind.TASK, 0);
			known = this.handlers.orderedStream()
				.anyMatch((handler) -> !isMeterHandler(handler) && handler.supportsContext(probe));
			this.watching = known;
		}
		return known;
	}

	private static boolean isMeterHandler(ObservationHandler<?> handler) {
		return METER_HANDLER != null && METER_HANDLER.isInstance(handler);
	}

	private static @Nullable Class<?> meterHandlerClass() {
		String name = "io.micrometer.core.instrument.observation.MeterObservationHandler";
		ClassLoader loader = WatchingHandlers.class.getClassLoader();
		return ClassUtils.isPresent(name, loader) ? ClassUtils.resolveClassName(name, loader) : null;
	}

}
