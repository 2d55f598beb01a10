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
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.DrainReport;
import io.github.managedworkers.InvalidWorkerSpecException;
import io.github.managedworkers.NoSuchWorkerException;
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

	/** What every worker of this registry is handed. */
	private final WorkerSettings settings;

	/** Guarded by itself; registration order. */
	private final Map<String, WorkerRuntime> workers = new LinkedHashMap<>();

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

	private WorkerHandle add(WorkerSpec spec, @Nullable Worker body) {
		Objects.requireNonNull(spec, "spec");
		WorkerRuntime worker = new WorkerRuntime(this.settings, spec, body);
		synchronized (this.workers) {
			if (this.closed) {
				throw new IllegalStateException(
						"The worker registry is closed: worker '" + spec.name() + "' cannot be registered");
			}
			if (this.workers.containsKey(spec.name())) {
				throw new InvalidWorkerSpecException(spec.name(), "name", spec.name(),
						"a name no other worker has; registered: " + this.workers.keySet());
			}
			this.workers.put(spec.name(), worker);
		}
		this.settings.listeners().workerRegistered(worker);
		if (this.started) {
			worker.start();
		}
		return worker;
	}

	@Override
	public DrainReport remove(String name) {
		WorkerHandle worker = get(name);
		DrainReport report = worker.stop(this.settings.drainTimeout());
		synchronized (this.workers) {
			this.workers.remove(name, worker);
		}
		this.settings.listeners().workerRemoved(worker);
		return report;
	}

	@Override
	public void start() {
		if (this.closed) {
			throw new IllegalStateException("The worker registry is closed: it cannot start again");
		}
		this.started = true;
		for (WorkerHandle worker : workers()) {
			WorkerState state = worker.state();
			if (state == WorkerState.NEW || state == WorkerState.STOPPED) {
				worker.start();
			}
		}
	}

	@Override
	public DrainReport drain(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		this.started = false;
		List<WorkerRuntime> all;
		synchronized (this.workers) {
			all = new ArrayList<>(this.workers.values());
		}
		DrainReport report = Drain.run(all, timeout, this.settings.interruptGrace(), StopCause.DRAIN);
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
