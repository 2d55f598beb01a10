package io.github.managedworkers.autoconfigure.observation;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

/**
 * Keeps Spring Boot's {@code DefaultMeterObservationHandler} from turning each task's observation into a second
 * timer: the duration of tasks is {@code workers.task.duration}, recorded once per task by the worker metrics, with
 * or without observations, so that dashboards see one series whichever is on. Registered ahead of the default
 * handler, it is the first meter handler that supports a task's context, and records nothing.
 */
public class WorkerTaskMeterObservationHandler implements MeterObservationHandler<WorkerTaskObservationContext> {

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof WorkerTaskObservationContext;
	}

}
