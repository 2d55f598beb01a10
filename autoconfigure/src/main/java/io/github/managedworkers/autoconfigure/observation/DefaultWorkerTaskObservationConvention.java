package io.github.managedworkers.autoconfigure.observation;

import java.util.Locale;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import io.github.managedworkers.TaskOutcome;

/**
 * The default names and keys of the observations of body runs and tasks: named {@value #NAME}, a span called
 * {@code "<worker> <kind>"} (e.g. {@code "mailer task"}), with the low-cardinality keys {@code worker}, {@code kind}
 * ({@code body} or {@code task}) and {@code outcome} ({@code completed}, {@code failed} or {@code interrupted}), and
 * the high-cardinality key {@code task.id}.
 */
public class DefaultWorkerTaskObservationConvention implements WorkerTaskObservationConvention {

	/** The name of the observations, and of the meters an observation handler would make of them. */
	public static final String NAME = "workers.task";

	private static final KeyValue OUTCOME_UNKNOWN = KeyValue.of("outcome", "unknown");

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(WorkerTaskObservationContext context) {
		return context.getWorker() + " " + lower(context.getKind());
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(WorkerTaskObservationContext context) {
		TaskOutcome outcome = context.getOutcome();
		return KeyValues.of(KeyValue.of("worker", context.getWorker()), KeyValue.of("kind", lower(context.getKind())),
				(outcome != null) ? KeyValue.of("outcome", lower(outcome)) : OUTCOME_UNKNOWN);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(WorkerTaskObservationContext context) {
		return KeyValues.of(KeyValue.of("task.id", Long.toString(context.getTaskId())));
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
