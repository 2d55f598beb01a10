package io.github.managedworkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.internal.DefaultWorkerRegistry;
import io.github.managedworkers.internal.LeaseSettings;

/**
 * Owns every worker, as a Spring context owns its beans: it starts them, drains them, and is the one place that
 * creates their threads.
 *
 * <pre>{@code
 * try (WorkerRegistry registry = WorkerRegistry.builder().build()) {
 *     WorkerHandle flusher = registry.register(WorkerSpec.builder("flusher").every("1s").build(), ctx -> flush());
 *     registry.start();
 *     ...
 * } // drains every worker
 * }</pre>
 */
public interface WorkerRegistry extends AutoCloseable {

	/**
	 * A builder for a registry with the default settings.
	 * @return the builder
	 */
	static Builder builder() {
		return new Builder();
	}

	/**
	 * The worker with the given name.
	 * @param name the name
	 * @return the worker
	 * @throws NoSuchWorkerException naming the known workers, if there is none by that name
	 */
	WorkerHandle get(String name);

	/**
	 * The worker with the given name, if any.
	 * @param name the name
	 * @return the worker, or empty
	 */
	Optional<WorkerHandle> find(String name);

	/**
	 * Every registered worker, in registration order.
	 * @return the workers
	 */
	Collection<WorkerHandle> workers();

	/**
	 * Registers a worker with a body. It starts with the registry, or at once if the registry is started.
	 * @param spec how it runs
	 * @param body its body: a loop, or one round of a periodic worker
	 * @return the worker
	 * @throws InvalidWorkerSpecException if another worker has the same name
	 * @throws IllegalStateException if the registry is closed
	 */
	WorkerHandle register(WorkerSpec spec, Worker body);

	/**
	 * Registers a worker without a body, that runs only the tasks submitted to it: a bounded, owned executor.
	 * @param spec how it runs; {@link WorkerSpec#every()} must be unset
	 * @return the worker
	 * @throws InvalidWorkerSpecException if another worker has the same name, or {@code every} is set
	 * @throws IllegalStateException if the registry is closed
	 */
	WorkerHandle register(WorkerSpec spec);

	/**
	 * Registers a worker whose tasks run on the threads of an executor that is not the registry's (an application's
	 * thread pool): the registry tracks each task the executor runs through {@link ExecutorWorker#track(Runnable)},
	 * reads the executor's queue, and stops the executor in its drain, against the same deadline as every worker, the
	 * tasks still queued at the deadline reported as never started. The worker runs from now on, registry started
	 * or not, since the executor already takes tasks; {@link WorkerSpec#maxConcurrency()} is ignored in favour of
	 * {@link ExternalExecutor#maxConcurrency()}, and the registry's task decorator is not applied: the executor keeps
	 * its own.
	 * @param spec its name and settings; {@link WorkerSpec#every()} must be unset
	 * @param executor the executor
	 * @return the worker
	 * @throws InvalidWorkerSpecException if another worker has the same name, or {@code every} is set
	 * @throws IllegalStateException if the registry is closed
	 */
	ExecutorWorker register(WorkerSpec spec, ExternalExecutor executor);

	/**
	 * Stops a worker, as {@link WorkerHandle#stop(Duration)} with the drain timeout, and removes it.
	 * @param name the worker's name
	 * @return what happened to its live tasks
	 * @throws NoSuchWorkerException if there is no worker by that name
	 */
	DrainReport remove(String name);

	/**
	 * Starts every worker that is new or stopped; workers registered later start at once.
	 */
	void start();

	/**
	 * Drains every worker at once, against one deadline: reject new work, signal stop, wait for live tasks until the
	 * deadline, interrupt the rest, and after the interrupt grace report every task still alive as abandoned, with
	 * its stack. Draining twice is safe.
	 * @param timeout how long live tasks may take to finish
	 * @return what happened to the live tasks
	 */
	DrainReport drain(Duration timeout);

	/**
	 * Drains every worker with the configured drain timeout, as {@link #drain(Duration)}.
	 * @return what happened to the live tasks
	 */
	DrainReport drain();

	/**
	 * The live tasks of all workers.
	 * @return the number of live tasks
	 */
	int activeTasks();

	/**
	 * The ids ({@link Thread#getId()}) of the threads this registry owns now: those running its workers' bodies and
	 * tasks, platform or virtual, and its idle pooled platform threads. Every other live thread of the JVM is someone
	 * else's: where an operator looks for a leak. A snapshot, built on each call; cheap enough for a gauge.
	 * @return the thread ids
	 */
	Set<Long> ownedThreadIds();

	/**
	 * Whether this registry owns a thread now, as {@link #ownedThreadIds()} says.
	 * @param thread the thread
	 * @return whether it runs a body or task of this registry, or is one of its idle pooled threads
	 */
	default boolean ownsThread(Thread thread) {
		return ownedThreadIds().contains(thread.getId());
	}

	/**
	 * A test of whether this registry owns a thread, built once to ask of many threads: where
	 * {@link #ownedThreadIds()} lists the thread of every live task, this costs what the registry's workers and pooled
	 * threads do, however many tasks are live. Like the ids, it holds for a moment.
	 * @return the test
	 */
	default Predicate<Thread> threadOwnership() {
		Set<Long> ids = ownedThreadIds();
		return (thread) -> ids.contains(thread.getId());
	}

	/**
	 * The thread mode in force: {@link ThreadMode#VIRTUAL} or {@link ThreadMode#PLATFORM}, {@code AUTO} resolved.
	 * @return the thread mode
	 */
	ThreadMode threadMode();

	/**
	 * The drain timeout that {@link #drain()} and {@link #close()} use.
	 * @return the drain timeout
	 */
	Duration drainTimeout();

	/**
	 * Drains every worker with the configured drain timeout and closes the registry: nothing can be registered or
	 * started afterwards. Closing twice is safe.
	 */
	@Override
	void close();

	/**
	 * Builds a {@link WorkerRegistry}.
	 */
	final class Builder {

		/** Default drain timeout. */
		public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(20);

		/** Default wait after interrupting tasks before they are called abandoned. */
		public static final Duration DEFAULT_INTERRUPT_GRACE = Duration.ofSeconds(2);

		private ThreadMode threads = ThreadMode.AUTO;

		private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

		private Duration interruptGrace = DEFAULT_INTERRUPT_GRACE;

		private final List<WorkerListener> listeners = new ArrayList<>();

		private @Nullable TaskDecorator taskDecorator;

		private @Nullable LeaseSettings leases;

		private Builder() {
		}

		/**
		 * Sets which threads run bodies and tasks.
		 * @param threads the thread mode; {@code VIRTUAL} needs Java 21 or later
		 * @return this builder
		 */
		public Builder threads(ThreadMode threads) {
			this.threads = Objects.requireNonNull(threads, "threads");
			return this;
		}

		/**
		 * Sets how long a drain waits for live tasks before it interrupts them.
		 * @param drainTimeout zero or more
		 * @return this builder
		 */
		public Builder drainTimeout(Duration drainTimeout) {
			if (drainTimeout == null || drainTimeout.isNegative()) {
				throw new InvalidWorkerSpecException(null, "drainTimeout", drainTimeout,
						"a duration of zero or more");
			}
			this.drainTimeout = drainTimeout;
			return this;
		}

		/**
		 * Sets how long a drain waits after interrupting tasks before it reports them abandoned; also how long a
		 * {@link TaskGroup} that stopped itself gives its tasks to heed the signal before it interrupts them.
		 * @param interruptGrace zero or more
		 * @return this builder
		 */
		public Builder interruptGrace(Duration interruptGrace) {
			if (interruptGrace == null || interruptGrace.isNegative()) {
				throw new InvalidWorkerSpecException(null, "interruptGrace", interruptGrace,
						"a duration of zero or more");
			}
			this.interruptGrace = interruptGrace;
			return this;
		}

		/**
		 * Adds a listener for the events of every worker.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(WorkerListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/**
		 * Sets a decorator for every submitted task, to carry context from the submitter to the task.
		 * @param taskDecorator the decorator, or {@code null} for none
		 * @return this builder
		 */
		public Builder taskDecorator(@Nullable TaskDecorator taskDecorator) {
			this.taskDecorator = taskDecorator;
			return this;
		}

		/**
		 * Lets this registry run exclusive workers ({@link WorkerSpec#exclusive()}): each gets a lease keeper, a
		 * worker named {@code <name>.lease} that takes the worker's lease in the store, renews it every
		 * {@code renewInterval}, runs the body while it leads, fences the worker (stops it with
		 * {@link StopCause#LEASE_LOST}) when it cannot renew in time, and releases the lease only after the worker
		 * drained.
		 * @param store where the leases are kept, shared by every instance
		 * @param ttl how long a lease lasts unless renewed
		 * @param renewInterval how often the leader renews; shorter than {@code ttl}
		 * @param instanceId this instance's id, unique among the instances sharing the store
		 * @return this builder
		 */
		public Builder leases(LeaseStore store, Duration ttl, Duration renewInterval, String instanceId) {
			this.leases = LeaseSettings.of(store, ttl, renewInterval, instanceId);
			return this;
		}

		/**
		 * Builds the registry.
		 * @return the registry, not started
		 * @throws InvalidWorkerSpecException if {@code VIRTUAL} threads were asked for before Java 21
		 */
		public WorkerRegistry build() {
			return new DefaultWorkerRegistry(this.threads, this.drainTimeout, this.interruptGrace, this.listeners,
					this.taskDecorator, this.leases);
		}

	}

}
