package io.github.managedworkers.autoconfigure;

import io.github.managedworkers.ManagedWorker;

/**
 * A worker declared with {@link ManagedWorker @ManagedWorker}: its attributes are the source's own layer.
 * @param name the worker's name
 * @param annotation the annotation
 * @param annotated where it is, {@code com.example.Jobs.run() of bean 'jobs'}
 */
record ManagedWorkerSource(String name, ManagedWorker annotation, String annotated) implements WorkerSpecSource {

	@Override
	public String declaration() {
		return "@ManagedWorker on " + this.annotated;
	}

	@Override
	public void own(Settings settings) {
		settings.annotation(this.annotation, this.annotated);
	}

}
