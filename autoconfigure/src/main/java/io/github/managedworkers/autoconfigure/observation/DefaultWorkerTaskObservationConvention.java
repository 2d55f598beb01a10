package io.github.managedworkers.autoconfigure.observation;

import java.util.Locale;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import io.github.managedworkers.TaskKind;
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

	// Made once: a task's observation asks for them at its start and its stop.
	private static final String[] KIND_NAMES = lowerCaseNames(TaskKind.values());

	private static final KeyValue[] KINDS = keyValues("kind", KIND_NAMES);

	private static final KeyValue[] OUTCOMES = keyValues("outcome", lowerCaseNames(TaskOutcome.values()));

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(WorkerTaskObservationContext context) {
		return context.getWorker() + " " + KIND_NAMES[context.getKind().ordinal()];
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(WorkerTaskObservationContext context) {
		TaskOutcome outcome = context.getOutcome();
		return KeyValues.of(KeyValue.of("worker", context.getWorker()), KINDS[context.getKind().ordinal()],
				(outcome != null) ? OUTCOMES[outcome.ordinal()] : OUTCOME_UNKNOWN);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(WorkerTaskObservationContext context) {
		return KeyValues.of(KeyValue.of("task.id", Long.toString(context.getTaskId())));
	}

	private static String[] lowerCaseNames(Enum<?>[] values) {
		String[] names = new String[values.length];
		for (Enum<?> value : values) {
			names[value.ordinal()] = value.name().toLowerCase(Locale.ROOT);
		}
		return names;
	}

	private static KeyValue[] keyValues(String key, String[] values) {
		KeyValue[] keyValues = new KeyValue[values.length];
		for (int i = 0; i < values.length; i++) {
			keyValues[i] = KeyValue.of(key, values[i]);
		}
		return keyValues;
	}

}
