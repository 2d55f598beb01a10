package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.TaskDecorator;

/**
 * What a worker takes from its registry, fixed when the registry is built: a worker never reaches back into the
 * registry itself.
 *
 * @param threads where task threads come from
 * @param listeners the registry's listeners, as one
 * @param decorator the decorator of submitted tasks, or {@code null} when there is none
 * @param drainTimeout the default drain timeout
 * @param interruptGrace the wait after interrupting before tasks are called abandoned
 * @param taskIds the registry-wide task id sequence
 * @param openCheck throws, naming the worker, when the registry is closed
 */
record WorkerSettings(WorkerThreads threads, Listeners listeners, @Nullable TaskDecorator decorator,
		Duration drainTimeout, Duration interruptGrace, AtomicLong taskIds, Consumer<String> openCheck) {

	long nextTaskId() {
		return this.taskIds.incrementAndGet();
	}

	void checkOpen(String worker) {
		this.openCheck.accept(worker);
	}

}
