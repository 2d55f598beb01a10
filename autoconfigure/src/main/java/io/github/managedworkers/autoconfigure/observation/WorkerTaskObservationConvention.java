package io.github.managedworkers.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and keys of the observations of body runs and tasks. A bean of this type replaces
 * {@link DefaultWorkerTaskObservationConvention}, as Spring's {@code ScheduledTaskObservationConvention} does for
 * {@code @Scheduled} methods; extend the default to add keys.
 */
public interface WorkerTaskObservationConvention extends ObservationConvention<WorkerTaskObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof WorkerTaskObservationContext;
	}

}
