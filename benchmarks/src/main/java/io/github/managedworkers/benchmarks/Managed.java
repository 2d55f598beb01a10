package io.github.managedworkers.benchmarks;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.DrainReport;
import io.github.managedworkers.TaskDecorator;
import io.github.managedworkers.TaskKind;
import io.github.managedworkers.TaskOutcome;
import io.github.managedworkers.ThreadMode;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerListener;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;

/** Registries as the benchmarks use them: every feature on the task path switched on, as in a real service. */
final class Managed {

	private Managed() {
	}

	/**
	 * A started registry with a listener on every task event, standing in for the Micrometer binding.
	 */
	static WorkerRegistry registry(ThreadMode threads) {
		return registry(threads, null);
	}

	/**
	 * A started registry as {@link #registry(ThreadMode)}, with a task decorator.
	 */
	static WorkerRegistry registry(ThreadMode threads, @Nullable TaskDecorator decorator) {
		WorkerRegistry registry = WorkerRegistry.builder()
			.threads(threads)
			.taskDecorator(decorator)
			.drainTimeout(Duration.ofSeconds(30))
			.interruptGrace(Duration.ofSeconds(2))
			.listener(new CountingListener())
			.build();
		registry.start();
		return registry;
	}

	/**
	 * Drains the registry and checks that the stop signal alone ended every one of the expected tasks: a benchmark
	 * whose tasks did not all end measured something else.
	 */
	static DrainReport drain(WorkerRegistry registry, int expected, Duration timeout) {
		DrainReport report = registry.drain(timeout);
		if (report.finished() != expected || !report.isClean()) {
			throw new IllegalStateException(
					"the stop signal did not end every one of " + expected + " tasks: " + report.summary());
		}
		return report;
	}

	/** A worker without a body, only for submitted tasks. */
	static WorkerHandle worker(WorkerRegistry registry, String name, int maxConcurrency, Duration maxWait) {
		return registry.register(WorkerSpec.builder(name).maxConcurrency(maxConcurrency).maxWait(maxWait).build());
	}

	static final class CountingListener implements WorkerListener {

		private final LongAdder started = new LongAdder();

		private final LongAdder finished = new LongAdder();

		@Override
		public void taskStarted(WorkerHandle worker, TaskKind kind) {
			this.started.increment();
		}

		@Override
		public void taskFinished(WorkerHandle worker, TaskKind kind, TaskOutcome outcome, long durationNanos,
				Throwable failure) {
			this.finished.increment();
		}

	}

}
