package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.DrainReport;
import io.github.managedworkers.ExecutorWorker;
import io.github.managedworkers.ExternalExecutor;
import io.github.managedworkers.InvalidWorkerSpecException;
import io.github.managedworkers.NoSuchWorkerException;
import io.github.managedworkers.RestartPolicy;
import io.github.managedworkers.StopCause;
import io.github.managedworkers.TaskDecorator;
import io.github.managedworkers.ThreadMode;
import io.github.managedworkers.Worker;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerListener;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.WorkerState;

/**
 * The registry behind {@link WorkerRegistry#builder()}.
 */
public final class DefaultWorkerRegistry implements WorkerRegistry {

	/** What an exclusive worker's lease keeper is called after it. */
	static final String LEASE_SUFFIX = ".lease";

	/** What every worker of this registry is handed. */
	private final WorkerSettings settings;

	/** Guarded by itself; registration order. */
	private final Map<String, WorkerRuntime> workers = new LinkedHashMap<>();

	/** Null when the registry runs no exclusive worker. */
	private final @Nullable LeaseSettings leases;

	private volatile boolean started;

	private volatile boolean closed;

	/**
	 * Creates a registry; use {@link WorkerRegistry#builder()}.
	 * @param threads the thread mode
	 * @param drainTimeout the default drain timeout
	 * @param interruptGrace the wait after interrupting before calling tasks abandoned
	 * @param listeners the listeners
	 * @param taskDecorator the decorator of submitted tasks, or {@code null}
	 */
	public DefaultWorkerRegistry(ThreadMode threads, Duration drainTimeout, Duration interruptGrace,
			List<WorkerListener> listeners, @Nullable TaskDecorator taskDecorator) {
		this(threads, drainTimeout, interruptGrace, listeners, taskDecorator, null);
	}

	/**
	 * Creates a registry that can run exclusive workers; use {@link WorkerRegistry#builder()}.
	 * @param threads the thread mode
	 * @param drainTimeout the default drain timeout
	 * @param interruptGrace the wait after interrupting before calling tasks abandoned
	 * @param listeners the listeners
	 * @param taskDecorator the decorator of submitted tasks, or {@code null}
	 * @param leases the lease store and its settings, or {@code null} for a registry without exclusive workers
	 */
	public DefaultWorkerRegistry(ThreadMode threads, Duration drainTimeout, Duration interruptGrace,
			List<WorkerListener> listeners, @Nullable TaskDecorator taskDecorator, @Nullable LeaseSettings leases) {
		this.leases = leases;
		// The decorator stays null when none is configured, so that the submit path skips it.
		this.settings = new WorkerSettings(WorkerThreads.of(threads), new Listeners(List.copyOf(listeners)),
				taskDecorator, drainTimeout, interruptGrace, new AtomicLong(), this::checkOpen);
	}

	private void checkOpen(String worker) {
		if (this.closed) {
			throw new IllegalStateException("The worker registry is closed: worker '" + worker + "' cannot start");
		}
	}

	@Override
	public WorkerHandle get(String name) {
		synchronized (this.workers) {
			WorkerRuntime worker = this.workers.get(name);
			if (worker == null) {
				throw new NoSuchWorkerException(name, this.workers.keySet());
			}
			return worker;
		}
	}

	@Override
	public Optional<WorkerHandle> find(String name) {
		synchronized (this.workers) {
			return Optional.ofNullable(this.workers.get(name));
		}
	}

	@Override
	public Collection<WorkerHandle> workers() {
		synchronized (this.workers) {
			return List.copyOf(this.workers.values());
		}
	}

	@Override
	public WorkerHandle register(WorkerSpec spec, Worker body) {
		Objects.requireNonNull(body, "body: use register(spec) for a worker without a body");
		return add(spec, body);
	}

	@Override
	public WorkerHandle register(WorkerSpec spec) {
		if (spec.isPeriodic()) {
			throw new InvalidWorkerSpecException(spec.name(), "every", spec.every(),
					"no value for a worker without a body: nothing would run periodically");
		}
		return add(spec, null);
	}

	@Override
	public ExecutorWorker register(WorkerSpec spec, ExternalExecutor executor) {
		Objects.requireNonNull(executor, "executor");
		if (spec.isPeriodic() || spec.exclusive()) {
			throw new InvalidWorkerSpecException(spec.name(), spec.isPeriodic() ? "every" : "exclusive",
					spec.isPeriodic() ? spec.every() : true, "no value for a worker of an executor: it has no body");
		}
		ExecutorWorkerRuntime worker = new ExecutorWorkerRuntime(this.settings, spec, executor);
		add(worker);
		// Its executor takes tasks already: they are tracked from now on, whether the registry started or not.
		worker.start();
		return worker;
	}

	private WorkerHandle add(WorkerSpec spec, @Nullable Worker body) {
		Objects.requireNonNull(spec, "spec");
		WorkerRuntime worker = new WorkerRuntime(this.settings, spec, body);
		add(worker);
		if (this.started) {
			worker.start();
		}
		return worker;
	}

	private void add(WorkerRuntime worker) {
		WorkerSpec spec = worker.spec();
		WorkerRuntime leaseWorker = spec.exclusive() ? leaseWorkerOf(worker) : null;
		synchronized (this.workers) {
			if (this.closed) {
				throw new IllegalStateException(
						"The worker registry is closed: worker '" + spec.name() + "' cannot be registered");
			}
			checkFree(spec.name());
			if (leaseWorker != null) {
				checkFree(leaseWorker.name());
				this.workers.put(spec.name(), worker);
				this.workers.put(leaseWorker.name(), leaseWorker);
			}
			else {
				this.workers.put(spec.name(), worker);
			}
		}
		this.settings.listeners().workerRegistered(worker);
		if (leaseWorker != null) {
			this.settings.listeners().workerRegistered(leaseWorker);
		}
	}

	private void checkFree(String name) {
		if (this.workers.containsKey(name)) {
			throw new InvalidWorkerSpecException(name, "name", name,
					"a name no other worker has; registered: " + this.workers.keySet());
		}
	}

	/** The worker that keeps an exclusive worker's lease: one thread for the store, one watchdog task. */
	private WorkerRuntime leaseWorkerOf(WorkerRuntime worker) {
		LeaseSettings lease = this.leases;
		if (lease == null) {
			throw new InvalidWorkerSpecException(worker.name(), "exclusive", true,
					"false in a registry without a lease store; an exclusive worker needs one "
							+ "(WorkerRegistry.Builder.leases), shared by every instance, to decide which runs it");
		}
		LeaseKeeper keeper = new LeaseKeeper(worker, lease, this.settings, System::nanoTime);
		WorkerSpec keeperSpec = WorkerSpec.builder(worker.name() + LEASE_SUFFIX)
			.maxConcurrency(1)
			.restart(RestartPolicy.ALWAYS)
			.build();
		WorkerRuntime leaseWorker = new WorkerRuntime(this.settings, keeperSpec, keeper::run);
		worker.attachKeeper(keeper, leaseWorker);
		return leaseWorker;
	}

	@Override
	public DrainReport remove(String name) {
		WorkerHandle worker = get(name);
		if (name.endsWith(LEASE_SUFFIX) && isLeaseWorker(worker)) {
			throw new IllegalStateException("Worker '" + name + "' keeps the lease of exclusive worker '"
					+ name.substring(0, name.length() - LEASE_SUFFIX.length()) + "': remove that one instead");
		}
		DrainReport report = worker.stop(this.settings.drainTimeout());
		synchronized (this.workers) {
			this.workers.remove(name, worker);
		}
		this.settings.listeners().workerRemoved(worker);
		WorkerRuntime leaseWorker = (worker instanceof WorkerRuntime runtime) ? runtime.leaseWorker() : null;
		if (leaseWorker != null) {
			// The worker drained above; its keeper releases the lease as it stops.
			report = report.and(leaseWorker.stop(this.settings.drainTimeout()));
			synchronized (this.workers) {
				this.workers.remove(leaseWorker.name(), leaseWorker);
			}
			this.settings.listeners().workerRemoved(leaseWorker);
		}
		return report;
	}

	private boolean isLeaseWorker(WorkerHandle worker) {
		String owner = worker.name().substring(0, worker.name().length() - LEASE_SUFFIX.length());
		synchronized (this.workers) {
			WorkerRuntime exclusive = this.workers.get(owner);
			return exclusive != null && exclusive.leaseWorker() == worker;
		}
	}

	@Override
	public void start() {
		if (this.closed) {
			throw new IllegalStateException("The worker registry is closed: it cannot start again");
		}
		this.started = true;
		for (WorkerHandle worker : workers()) {
			WorkerState state = worker.state();
			// A drained executor's worker stays stopped: its executor does not run again.
			if ((state == WorkerState.NEW || state == WorkerState.STOPPED) && !(worker instanceof ExecutorWorker)) {
				worker.start();
			}
		}
	}

	@Override
	public DrainReport drain(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		this.started = false;
		long start = System.nanoTime();
		List<WorkerRuntime> workersFirst = new ArrayList<>();
		List<WorkerRuntime> keepersAfter = new ArrayList<>();
		synchronized (this.workers) {
			for (WorkerRuntime worker : this.workers.values()) {
				WorkerRuntime keeper = worker.leaseWorker();
				if (keeper != null) {
					keepersAfter.add(keeper);
				}
			}
			for (WorkerRuntime worker : this.workers.values()) {
				if (!keepersAfter.contains(worker)) {
					workersFirst.add(worker);
				}
			}
		}
		DrainReport report = Drain.run(workersFirst, timeout, this.settings.interruptGrace(), StopCause.DRAIN);
		if (!keepersAfter.isEmpty()) {
			// Lease keepers stop last: they renew while their workers drain, and release the leases after.
			Duration left = timeout.minusNanos(System.nanoTime() - start);
			report = report.and(Drain.run(keepersAfter, left.isNegative() ? Duration.ZERO : left,
					this.settings.interruptGrace(), StopCause.DRAIN));
		}
		// Pooled threads still running abandoned tasks are not waited for: the drain gave up on them already.
		this.settings.threads().retirePool(report.abandoned().isEmpty() ? this.settings.interruptGrace() : Duration.ZERO,
				!this.closed);
		return report;
	}

	@Override
	public DrainReport drain() {
		return drain(this.settings.drainTimeout());
	}

	@Override
	public int activeTasks() {
		int total = 0;
		for (WorkerHandle worker : workers()) {
			total += worker.activeTasks();
		}
		return total;
	}

	@Override
	public Set<Long> ownedThreadIds() {
		Set<Long> ids = new HashSet<>();
		for (WorkerHandle worker : workers()) {
			((WorkerRuntime) worker).collectOwnedThreads(ids);
		}
		this.settings.threads().collectPoolThreads(ids);
		return ids;
	}

	@Override
	public Predicate<Thread> threadOwnership() {
		// A thread running a task says so itself (its handler slot); the rest are few: supervisors, pooled threads
		// and the threads of executors the registry does not run.
		Set<Long> ids = new HashSet<>();
		for (WorkerHandle worker : workers()) {
			((WorkerRuntime) worker).collectThreadsBesideTasks(ids);
		}
		this.settings.threads().collectPoolThreads(ids);
		return (thread) -> CurrentTask.runsOn(thread) || ids.contains(thread.getId());
	}

	@Override
	public ThreadMode threadMode() {
		return this.settings.threads().mode();
	}

	@Override
	public Duration drainTimeout() {
		return this.settings.drainTimeout();
	}

	@Override
	public void close() {
		synchronized (this.workers) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		drain();
	}

}
