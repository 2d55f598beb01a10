package io.github.managedworkers.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.managedworkers.DrainReport;
import io.github.managedworkers.InvalidWorkerSpecException;
import io.github.managedworkers.LeaseStatus;
import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.RejectedTaskException.Reason;
import io.github.managedworkers.RunRecord;
import io.github.managedworkers.Schedule;
import io.github.managedworkers.StopCause;
import io.github.managedworkers.Task;
import io.github.managedworkers.TaskDecorator;
import io.github.managedworkers.TaskGroup;
import io.github.managedworkers.TaskKind;
import io.github.managedworkers.TaskOutcome;
import io.github.managedworkers.TaskSnapshot;
import io.github.managedworkers.Worker;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerSnapshot;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.WorkerState;

/**
 * One worker: its permits, its live tasks, its counters and its lifecycle. Its body runs under a
 * {@link BodySupervisor}; a {@link Drain} stops it.
 */
class WorkerRuntime implements WorkerHandle {

	private static final Logger logger = LoggerFactory.getLogger(WorkerHandle.class);

	private final WorkerSettings settings;

	private final WorkerSpec spec;

	private final String name;

	private final String threadPrefix;

	/** Returns {@code true} rather than a {@code Void} null: a task's result is never null. */
	private final @Nullable Task<Boolean> body;

	private final Permits permits;

	/** Null for a worker without a queue. */
	private final @Nullable TaskQueue queue;

	/**
	 * The tasks that left the queue while a drain ran, which the drain counts with those it found live; added to
	 * under the queue's lock, read by the drain once it closed the queue.
	 */
	private final List<TaskRun<?>> startedWhileDraining = new CopyOnWriteArrayList<>();

	private final LiveTasks live = new LiveTasks();

	private final TaskCounts counts = new TaskCounts();

	private final TaskListing listing;

	/** Guards state transitions; never taken on the submit path. */
	private final Object lifecycle = new Object();

	/** Notified when the last live task of a stopping worker ends. */
	private final Object idle = new Object();

	private volatile WorkerState state = WorkerState.NEW;

	/** The stop signal of the current run of this worker; replaced when a stopped worker starts again. */
	private volatile StopSignal signal = new StopSignal();

	private volatile boolean paused;

	private volatile @Nullable RunRecord lastRun;

	private volatile @Nullable Instant nextRun;

	/** Guarded by {@link #lifecycle}. */
	private @Nullable Thread supervisorThread;

	/** Guarded by {@link #lifecycle}. */
	private @Nullable BodySupervisor supervisor;

	/** Guarded by {@link #lifecycle}: completes when the current drain ends. */
	private @Nullable CompletableFuture<DrainReport> drainDone;

	/** The keeper of an exclusive worker's lease; set once, before the worker starts. */
	private volatile @Nullable LeaseKeeper keeper;

	/** The worker whose body is {@link #keeper}'s; started with this one. */
	private volatile @Nullable WorkerRuntime leaseWorker;

	WorkerRuntime(WorkerSettings settings, WorkerSpec spec, @Nullable Worker body) {
		this(settings, spec, body, settings.threads().virtual());
	}

	/** A worker whose tasks run on threads of the given kind, the registry's or not. */
	WorkerRuntime(WorkerSettings settings, WorkerSpec spec, @Nullable Worker body, boolean virtualThreads) {
		this.settings = settings;
		this.spec = spec;
		this.name = spec.name();
		String prefix = spec.threadNamePrefix();
		this.threadPrefix = (prefix != null) ? prefix : spec.name() + "-";
		this.body = (body != null) ? (ctx) -> {
			body.run(ctx);
			return true;
		} : null;
		this.permits = new Permits(this.name, spec.maxConcurrency(), spec.maxWait());
		this.queue = (spec.queueCapacity() > 0) ? new TaskQueue(spec.queueCapacity()) : null;
		this.listing = new TaskListing(this.name, virtualThreads);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public WorkerSpec spec() {
		return this.spec;
	}

	@Override
	public WorkerState state() {
		WorkerState current = this.state;
		return (current == WorkerState.RUNNING && this.paused) ? WorkerState.PAUSED : current;
	}

	boolean isPaused() {
		return this.paused;
	}

	private boolean isRunning() {
		return this.state == WorkerState.RUNNING;
	}

	// Submitting

	@Override
	public <T extends @Nullable Object> CompletableFuture<T> submit(Task<T> task) {
		Objects.requireNonNull(task, "task");
		return submit(task, this.signal, null);
	}

	/**
	 * Submits a task that sees the given stop signal, observed by a group or by none; waits up to {@code maxWait}
	 * for a permit, and no longer than the worker runs.
	 */
	<T extends @Nullable Object> CompletableFuture<T> submit(Task<T> task, StopSignal signal, @Nullable TaskObserver<T> observer) {
		if (!isRunning()) {
			return reject(notRunningReason());
		}
		TaskQueue waiting = this.queue;
		// On pooled platform threads every task goes through the queue, where a thread that ran one of this worker's
		// tasks may be waiting for it: starting it directly would hand it to another thread, or start one.
		if (waiting != null && (waiting.size() > 0 || this.settings.threads().pooled() || !this.permits.tryAcquire())) {
			return enqueue(waiting, newRun(task, signal, observer));
		}
		Reason refused = (waiting != null) ? null : this.permits.acquire(this::isRunning);
		if (refused != null) {
			return reject((refused == Reason.STOPPING) ? notRunningReason() : refused);
		}
		return start(task, signal, observer);
	}

	/**
	 * Submits a group's task only if it can start now, without waiting.
	 * @return the task's future; {@code null}, and nothing counted, when the worker is not running or has no free
	 * permit
	 */
	<T extends @Nullable Object> @Nullable CompletableFuture<T> trySubmit(Task<T> task, StopSignal signal, TaskObserver<T> observer) {
		if (!isRunning() || !this.permits.tryAcquire()) {
			return null;
		}
		return start(task, signal, observer);
	}

	private <T extends @Nullable Object> TaskRun<T> newRun(Task<T> task, StopSignal signal, @Nullable TaskObserver<T> observer) {
		TaskDecorator decorator = this.settings.decorator();
		return new TaskRun<>(this, this.settings.nextTaskId(), TaskKind.TASK, signal, observer,
				(decorator != null) ? decorator.decorate(task) : task);
	}

	/** Starts a task that holds a permit. */
	private <T extends @Nullable Object> CompletableFuture<T> start(Task<T> task, StopSignal signal, @Nullable TaskObserver<T> observer) {
		TaskRun<T> run = newRun(task, signal, observer);
		if (!track(run)) {
			releasePermit();
			return reject((observer != null && isRunning()) ? Reason.GROUP_STOPPED : notRunningReason());
		}
		run.accepted();
		launch(run);
		return run;
	}

	/** Starts the thread of a tracked task that holds a permit. */
	private void launch(TaskRun<?> run) {
		try {
			this.settings.threads().start(run, threadName(run.id));
		}
		catch (RuntimeException | Error ex) {
			// The JVM could not start a thread (out of memory, a process limit, a closed pool): the task never ran.
			// Its permit frees without a dispatch of its own: a dispatch that launched it goes on in its loop.
			untrack(run);
			this.permits.release();
			this.counts.rejected.increment();
			run.failedToStart(ex);
		}
	}

	// The queue

	/** Queues a task, waiting up to maxWait for room; it starts as permits free, oldest first. */
	private <T extends @Nullable Object> CompletableFuture<T> enqueue(TaskQueue waiting, TaskRun<T> run) {
		Reason refused = waiting.offer(run, this.permits.maxWait(), this::isRunning, run::accepted);
		if (refused != null) {
			return reject((refused == Reason.STOPPING) ? notRunningReason() : refused);
		}
		dispatch();
		return run;
	}

	/**
	 * Starts queued tasks while permits are free, each on a thread of its own; on platform threads a pooled thread
	 * that waits for this worker's next task takes one of them instead, with no hand-off.
	 */
	private void dispatch() {
		TaskQueue waiting = this.queue;
		if (waiting == null) {
			return;
		}
		int leftToRunner = (this.settings.threads().pooled() && waiting.wakeIdleRunner(this.permits::tryAcquire)) ? 1
				: 0;
		while (waiting.size() > leftToRunner) {
			TaskRun<?> run = nextQueued();
			if (run == null) {
				return;
			}
			launch(run);
		}
	}

	/**
	 * Takes the oldest queued task if a permit is free: tracked and holding the permit, for the caller to run.
	 * @return the task, or {@code null} when none is queued or no permit is free
	 */
	@Nullable TaskRun<?> nextQueued() {
		TaskQueue waiting = this.queue;
		while (waiting != null && waiting.size() > 0 && this.permits.tryAcquire()) {
			TaskRun<?> run = pollWithPermit(waiting);
			if (run != null) {
				return run;
			}
		}
		return null;
	}

	/**
	 * On a pooled platform thread that ran a task of this worker: the next queued task, waiting a little for one to
	 * come, so that a burst of submits runs on the threads already running, with no hand-off per task.
	 * @return the task, tracked and holding a permit; {@code null} when none came, or none may start now
	 */
	@Nullable TaskRun<?> nextQueued(long idleNanos) {
		TaskQueue waiting = this.queue;
		while (waiting != null) {
			TaskRun<?> run = nextQueued();
			if (run != null) {
				return run;
			}
			if (waiting.size() > 0) {
				return null; // queued, but no permit free: the threads of the tasks that hold them take it
			}
			int woken = waiting.awaitTask(idleNanos);
			if (woken == TaskQueue.NONE) {
				return null;
			}
			if (woken == TaskQueue.CLAIMED) {
				// The submit that woke this thread took a permit for it.
				run = pollWithPermit(waiting);
				if (run != null) {
					return run;
				}
			}
		}
		return null;
	}

	/** Takes the oldest queued task with a permit already taken; gives the permit back when there is none. */
	private @Nullable TaskRun<?> pollWithPermit(TaskQueue waiting) {
		TaskRun<?> run = waiting.poll(this::trackQueued);
		if (run == null) {
			releasePermit();
			return null;
		}
		if (!run.signal.isStopped() || !isRunning()) {
			return run;
		}
		// Its group stopped while it waited (a drain's stop lets queued tasks start, until its deadline).
		untrack(run);
		this.permits.release();
		RejectedTaskException rejection = rejection(Reason.GROUP_STOPPED);
		this.counts.rejected.increment();
		this.settings.listeners().taskRejected(this, rejection);
		run.failedToStart(rejection);
		return null;
	}

	/** Called under the queue's lock: a drain that closes the queue after finds the task tracked. */
	private void trackQueued(TaskRun<?> run) {
		run.startNanos = System.nanoTime();
		this.live.add(run);
		if (this.state != WorkerState.RUNNING) {
			this.startedWhileDraining.add(run);
		}
	}

	private void releasePermit() {
		this.permits.release();
		dispatch();
	}

	/** Rejects a task of a stopped group, with the worker's own reason when the worker is not running. */
	<T extends @Nullable Object> CompletableFuture<T> rejectGroupTask() {
		return reject(isRunning() ? Reason.GROUP_STOPPED : notRunningReason());
	}

	private Reason notRunningReason() {
		WorkerState current = this.state;
		if (current == WorkerState.STANDBY) {
			return Reason.NOT_LEADER;
		}
		return (current == WorkerState.STOPPING || current == WorkerState.RUNNING) ? Reason.STOPPING
				: Reason.NOT_RUNNING;
	}

	private <T extends @Nullable Object> CompletableFuture<T> reject(Reason reason) {
		RejectedTaskException rejection = rejection(reason);
		this.counts.rejected.increment();
		this.settings.listeners().taskRejected(this, rejection);
		return CompletableFuture.failedFuture(rejection);
	}

	private RejectedTaskException rejection(Reason reason) {
		LeaseKeeper lease = this.keeper;
		return new RejectedTaskException(this.name, reason, this.state, this.permits.limit(), this.permits.maxWait(),
				(lease != null) ? lease.holder() : null, this.spec.queueCapacity());
	}

	/**
	 * Tracks a task before its thread starts, then checks the state again: a drain that set STOPPING before this
	 * check either sees the task and waits for it, or the task is refused here.
	 */
	private boolean track(TaskRun<?> run) {
		this.live.add(run);
		if (!isRunning() || run.signal.isStopped()) {
			untrack(run);
			return false;
		}
		return true;
	}

	private void untrack(TaskRun<?> run) {
		if (this.live.remove(run) == 0 && this.state == WorkerState.STOPPING) {
			synchronized (this.idle) {
				this.idle.notifyAll();
			}
		}
	}

	// Called by tasks on their own threads

	void taskStarted(TaskRun<?> run) {
		this.counts.started.increment();
		this.settings.listeners().taskStarted(this, run.kind);
	}

	void taskEnded(TaskRun<?> run, @Nullable Throwable failure) {
		TaskOutcome outcome = outcomeOf(run, failure);
		// Settled before anything else, user callbacks included: a drain that finds it settled counts it so.
		run.settle(outcome);
		run.endStopCallbacks();
		untrack(run);
		if (run.kind == TaskKind.TASK && holdsPermits()) {
			this.permits.release();
			if (!this.settings.threads().pooled()) {
				// A pooled thread takes the next queued task itself (WorkerThreads), without a hand-off.
				dispatch();
			}
		}
		long nanos = System.nanoTime() - run.startNanos;
		this.counts.ended(this.name, run, outcome, failure, nanos);
		this.settings.listeners().taskFinished(this, run.kind, outcome, nanos, failure);
	}

	/** How a task ended, as its worker counts it. */
	TaskOutcome outcomeOf(TaskRun<?> run, @Nullable Throwable failure) {
		return TaskCounts.outcomeOf(run, failure);
	}

	/** Whether its tasks hold a permit of its bulkhead while they run: not when someone else's executor bounds them. */
	boolean holdsPermits() {
		return true;
	}

	/**
	 * Runs a task on the calling thread, someone else's, as a live task of this worker: tracked while it runs, unless
	 * the worker has stopped already, then it runs untracked.
	 * @return what the task threw, or {@code null}
	 */
	@Nullable Throwable runOnCallingThread(Task<Boolean> task, @Nullable String label) {
		TaskRun<Boolean> run = new TaskRun<>(this, this.settings.nextTaskId(), TaskKind.TASK, this.signal, null, task);
		run.thread = Thread.currentThread();
		run.label = label;
		if (!trackOnCallingThread(run)) {
			try {
				task.call(run);
				return null;
			}
			catch (Throwable ex) {
				return ex;
			}
		}
		run.run();
		return run.isCompletedExceptionally() ? run.handle((value, ex) -> ex).getNow(null) : null;
	}

	/**
	 * Tracks a task of someone else's executor, also while the worker drains: the executor's queue keeps starting
	 * tasks until the deadline, and the drain counts them by how they end.
	 */
	private boolean trackOnCallingThread(TaskRun<?> run) {
		this.live.add(run);
		WorkerState current = this.state;
		if (current == WorkerState.STOPPING) {
			this.startedWhileDraining.add(run);
		}
		else if (current != WorkerState.RUNNING) {
			untrack(run);
			return false;
		}
		return true;
	}

	void stopCallbackFailed(TaskRun<?> run, Throwable ex) {
		logger.warn("An onStop callback of {} failed", run, ex);
	}

	// Called by the body's supervisor

	long nextTaskId() {
		return this.settings.nextTaskId();
	}

	String threadName(long taskId) {
		return this.threadPrefix + taskId;
	}

	/** A body run on the calling thread, tracked; {@code null} when the worker stopped meanwhile. */
	@Nullable TaskRun<Boolean> trackBodyRun(long id, StopSignal stop) {
		Task<Boolean> round = Objects.requireNonNull(this.body);
		TaskDecorator decorator = this.settings.decorator();
		TaskRun<Boolean> run = new TaskRun<>(this, id, TaskKind.BODY, stop, null,
				(decorator != null) ? decorator.decorate(round) : round);
		run.thread = Thread.currentThread();
		return track(run) ? run : null;
	}

	void nextRunDue(Instant due) {
		this.nextRun = due;
	}

	void bodyRunEnded(TaskRun<Boolean> run, Instant startedAt, @Nullable Throwable failure) {
		TaskOutcome outcome = (failure == null) ? TaskOutcome.COMPLETED
				: (run.interruptedByStop || run.signal.isStopped()) ? TaskOutcome.INTERRUPTED : TaskOutcome.FAILED;
		this.lastRun = new RunRecord(startedAt, Instant.now(), outcome);
		this.nextRun = null;
	}

	void scheduleEnded() {
		logger.info("The schedule of worker '{}' has no further run; the worker stops", this.name);
		Drain.run(List.of(this), this.settings.drainTimeout(), this.settings.interruptGrace(), StopCause.DRAIN);
	}

	void restarting(@Nullable Throwable failure, Duration delay, long ranNanos) {
		long[] restarted = this.counts.restarted();
		long count = restarted[0];
		long heldBack = restarted[1];
		this.settings.listeners().restarted(this, failure, delay);
		if (heldBack >= 0) {
			String what = (failure != null) ? "failed" : "returned";
			logger.warn("Body of worker '{}' {} after {} ms; restart #{} in {} ms{}", this.name, what,
					TimeUnit.NANOSECONDS.toMillis(ranNanos), count, delay.toMillis(), FailureLog.heldBackNote(heldBack),
					failure);
		}
	}

	void fail(@Nullable Throwable failure, String why) {
		synchronized (this.lifecycle) {
			if (this.state != WorkerState.RUNNING) {
				return;
			}
			this.state = WorkerState.FAILED;
		}
		logger.error("Worker '{}' FAILED: {}. It takes no work until it is started again.", this.name, why, failure);
		this.settings.listeners().stateChanged(this, WorkerState.RUNNING, WorkerState.FAILED);
		LeaseKeeper lease = this.keeper;
		if (lease != null) {
			lease.poke();
		}
	}

	void bodyReturned() {
		logger.info("Body of worker '{}' returned by itself; the worker stops (restart {} runs a loop body again "
				+ "only after a failure; ALWAYS runs it again)", this.name, this.spec.restart());
		Drain.run(List.of(this), this.settings.drainTimeout(), this.settings.interruptGrace(), StopCause.DRAIN);
	}

	// Lifecycle

	@Override
	public void start() {
		LeaseKeeper lease = this.keeper;
		if (lease != null) {
			standBy(lease);
			return;
		}
		run();
	}

	/** An exclusive worker starts in STANDBY, and its keeper runs it once it holds the lease. */
	private void standBy(LeaseKeeper lease) {
		WorkerState from;
		synchronized (this.lifecycle) {
			from = this.state;
			if (from == WorkerState.RUNNING || from == WorkerState.STANDBY) {
				return;
			}
			if (from == WorkerState.STOPPING) {
				throw new IllegalStateException(
						"Worker '" + this.name + "' is stopping; start it again once its drain has ended");
			}
			this.settings.checkOpen(this.name);
			this.state = WorkerState.STANDBY;
			this.paused = false;
		}
		this.settings.listeners().stateChanged(this, from, WorkerState.STANDBY);
		WorkerRuntime keeperWorker = this.leaseWorker;
		if (keeperWorker != null && keeperWorker.state() != WorkerState.RUNNING) {
			keeperWorker.start();
		}
		lease.poke();
	}

	/**
	 * Runs the body of a STANDBY exclusive worker: its keeper took the lease.
	 * @return whether it runs; {@code false} if it was not on STANDBY (stopped meanwhile)
	 */
	boolean lead() {
		synchronized (this.lifecycle) {
			if (this.state != WorkerState.STANDBY) {
				return false;
			}
			run();
			return true;
		}
	}

	/** Back to STANDBY after a LEASE_LOST drain, unless something else stopped it meanwhile. */
	void standby() {
		synchronized (this.lifecycle) {
			DrainReport last = (this.drainDone != null) ? this.drainDone.getNow(null) : null;
			if (this.state != WorkerState.STOPPED || this.signal.cause() != StopCause.LEASE_LOST || last == null) {
				return;
			}
			this.state = WorkerState.STANDBY;
		}
		this.settings.listeners().stateChanged(this, WorkerState.STOPPED, WorkerState.STANDBY);
	}

	void attachKeeper(LeaseKeeper lease, WorkerRuntime keeperWorker) {
		this.keeper = lease;
		this.leaseWorker = keeperWorker;
	}

	@Nullable WorkerRuntime leaseWorker() {
		return this.leaseWorker;
	}

	@Override
	public Optional<LeaseStatus> lease() {
		LeaseKeeper lease = this.keeper;
		return (lease != null) ? Optional.of(lease.status()) : Optional.empty();
	}

	private void run() {
		WorkerState from;
		synchronized (this.lifecycle) {
			from = this.state;
			if (from == WorkerState.RUNNING) {
				return;
			}
			if (from == WorkerState.STOPPING) {
				throw new IllegalStateException(
						"Worker '" + this.name + "' is stopping; start it again once its drain has ended");
			}
			this.settings.checkOpen(this.name);
			if (this.signal.isStopped()) {
				// Only a drained worker gets a new signal: the tasks of a failed worker, and the groups opened on a
				// new one, must hear the next stop.
				this.signal = new StopSignal();
			}
			this.state = WorkerState.RUNNING;
			this.paused = false;
			TaskQueue waiting = this.queue;
			if (waiting != null) {
				waiting.reopen();
			}
			if (this.body != null) {
				long id = nextTaskId();
				BodySupervisor bodySupervisor = new BodySupervisor(this, this.signal, id);
				Thread thread = this.settings.threads().newThread(threadName(id), bodySupervisor);
				this.supervisor = bodySupervisor;
				this.supervisorThread = thread;
				thread.start();
			}
		}
		this.settings.listeners().stateChanged(this, from, WorkerState.RUNNING);
	}

	@Override
	public DrainReport stop(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		return Drain.run(List.of(this), timeout, this.settings.interruptGrace(), StopCause.OPERATOR);
	}

	@Override
	public DrainReport stop() {
		return stop(this.settings.drainTimeout());
	}

	@Override
	public void pause() {
		requireSchedule("pause()");
		WorkerState from;
		synchronized (this.lifecycle) {
			if (this.paused) {
				return;
			}
			from = state();
			this.paused = true;
		}
		this.settings.listeners().stateChanged(this, from, state());
	}

	@Override
	public void resume() {
		WorkerState from;
		synchronized (this.lifecycle) {
			if (!this.paused) {
				return;
			}
			from = state();
			this.paused = false;
		}
		this.settings.listeners().stateChanged(this, from, state());
	}

	@Override
	public void trigger() {
		requireSchedule("trigger()");
		BodySupervisor current;
		synchronized (this.lifecycle) {
			current = this.supervisor;
			if (this.state != WorkerState.RUNNING || current == null) {
				throw new IllegalStateException("Worker '" + this.name + "' is " + state()
						+ ": trigger() runs the body of a RUNNING or PAUSED worker");
			}
		}
		current.trigger();
	}

	private void requireSchedule(String call) {
		if (this.spec.schedule() == null) {
			throw new IllegalStateException("Worker '" + this.name + "' has no schedule: " + call
					+ " applies to periodic and cron workers (every, a fixed rate or a cron expression)");
		}
	}

	@Override
	public void resize(int maxConcurrency) {
		if (maxConcurrency < 1) {
			throw new InvalidWorkerSpecException(this.name, "maxConcurrency", maxConcurrency, "an integer of 1 or more");
		}
		this.permits.resize(maxConcurrency);
		dispatch();
	}

	// The drain's side of a worker, called by Drain in its order

	/** What {@link #beginStop()} found. */
	enum StopBegun {

		/** This caller drains the worker. */
		DRAINING,

		/** Another caller is draining it: wait for {@link #drainDone()}. */
		ALREADY_DRAINING,

		/** It was not running: nothing to drain. */
		NOTHING_TO_DO

	}

	/** Step 1: rejects new work, and wakes the submitters waiting for a permit so that they are rejected too. */
	StopBegun beginStop() {
		WorkerState from;
		WorkerState to;
		synchronized (this.lifecycle) {
			from = state();
			if (from == WorkerState.STOPPING) {
				return StopBegun.ALREADY_DRAINING;
			}
			if (from == WorkerState.STOPPED) {
				return StopBegun.NOTHING_TO_DO;
			}
			// NEW and STANDBY run nothing: they stop at once.
			to = (from == WorkerState.NEW || from == WorkerState.STANDBY) ? WorkerState.STOPPED : WorkerState.STOPPING;
			this.state = to;
			this.paused = false;
			if (to == WorkerState.STOPPING) {
				this.drainDone = new CompletableFuture<>();
			}
		}
		this.permits.wakeAll();
		TaskQueue waiting = this.queue;
		if (waiting != null) {
			waiting.wakeAll();
		}
		this.settings.listeners().stateChanged(this, from, to);
		if (to == WorkerState.STOPPING) {
			stopping();
		}
		return (to == WorkerState.STOPPING) ? StopBegun.DRAINING : StopBegun.NOTHING_TO_DO;
	}

	/** Step 1, once the worker is STOPPING: whatever else must take no new work. */
	void stopping() {
	}

	/** Step 2: signals stop to the worker and its task groups: sleeps wake, loops see {@code isStopping()}. */
	void signalStop(StopCause cause) {
		this.signal.signal(cause);
	}

	/**
	 * The live tasks, taken by a drain once the worker takes no new work: the drain's report counts each of them by
	 * how it ends.
	 */
	List<TaskRun<?>> liveTasks() {
		return this.live.toList();
	}

	/**
	 * Step 3: wakes the tasks found asleep on the signal, runs the groups' hooks (they wake their waiting submitters)
	 * and the callbacks of the tasks found.
	 */
	void fireStopCallbacks(List<TaskRun<?>> found) {
		for (TaskRun<?> run : found) {
			run.wakeIfAsleep();
		}
		this.signal.runHooks();
		for (TaskRun<?> run : found) {
			run.fireStopCallbacks();
		}
	}

	/**
	 * Step 4: waits until no task is live or queued, or the deadline passes; queued tasks go on starting meanwhile.
	 * @return whether no task is live
	 */
	boolean awaitIdle(long deadlineNanos) throws InterruptedException {
		synchronized (this.idle) {
			while (!this.live.isEmpty() || queuedTasks() > 0) {
				long remaining = deadlineNanos - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.idle, remaining);
			}
			return true;
		}
	}

	/**
	 * Step 4's end, at the deadline: closes the queue, and fails the futures of the tasks still in it, which never
	 * started.
	 * @return how many there were
	 */
	int closeQueue() {
		TaskQueue waiting = this.queue;
		if (waiting == null) {
			return 0;
		}
		List<TaskRun<?>> left = waiting.close();
		if (left.isEmpty()) {
			return 0;
		}
		RejectedTaskException rejection = rejection(Reason.DRAINED);
		for (TaskRun<?> run : left) {
			this.counts.rejected.increment();
			this.settings.listeners().taskRejected(this, rejection);
			run.failedToStart(rejection);
		}
		logger.warn("Worker '{}' never started {} queued {}: the drain's deadline came first; their futures fail "
				+ "with RejectedTaskException (DRAINED)", this.name, left.size(), (left.size() == 1) ? "task" : "tasks");
		return left.size();
	}

	/** Step 5: interrupts every live task: only those that ignored the stop signal are still here. */
	void interruptLive() {
		for (TaskRun<?> run : this.live) {
			run.interruptForStop();
		}
	}

	/** Step 6: waits for the body's supervisor, which ends as soon as it sees the signal between rounds. */
	void joinSupervisor(long deadlineNanos) throws InterruptedException {
		Thread thread;
		synchronized (this.lifecycle) {
			thread = this.supervisorThread;
		}
		if (thread != null && thread != Thread.currentThread()) {
			long remaining = deadlineNanos - System.nanoTime();
			if (remaining > 0) {
				TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
			}
		}
	}

	/**
	 * Step 7: counts each task the drain found by how it ended, and abandons those still running: their futures fail,
	 * so that no caller waits forever. Whether a task ended or was abandoned is settled once, by whichever came
	 * first; the work here is a few steps per task, and stacks for a bounded number of them.
	 */
	DrainReport abandonLive(List<TaskRun<?>> found, int leftInQueue, Duration elapsed) {
		long graceMillis = this.settings.interruptGrace().toMillis();
		int finished = 0;
		int interrupted = 0;
		int notStarted = leftInQueue;
		List<TaskRun<?>> gaveUp = new ArrayList<>();
		for (TaskRun<?> run : withStartedWhileDraining(found)) {
			if (run.abandonIfLive(this.name, graceMillis)) {
				gaveUp.add(run);
				continue;
			}
			TaskOutcome outcome = run.outcome();
			if (outcome == TaskOutcome.INTERRUPTED) {
				interrupted++;
			}
			else if (outcome == TaskOutcome.REJECTED) {
				notStarted++; // left the queue, but its thread could not start
			}
			else {
				finished++;
			}
		}
		List<TaskSnapshot> abandoned = this.listing.abandoned(gaveUp);
		if (!abandoned.isEmpty()) {
			AbandonedLog.warn(this.name, abandoned, graceMillis);
			for (TaskSnapshot task : abandoned) {
				this.settings.listeners().abandoned(this, task);
			}
		}
		return new DrainReport(List.of(this.name), elapsed, finished, interrupted, abandoned, notStarted);
	}

	/** The tasks found live, and those that left the queue during the drain, each once. */
	private List<TaskRun<?>> withStartedWhileDraining(List<TaskRun<?>> found) {
		if (this.startedWhileDraining.isEmpty()) {
			return found;
		}
		// A task that left the queue just as the drain began may be in both.
		Set<TaskRun<?>> all = Collections.newSetFromMap(new IdentityHashMap<>());
		all.addAll(found);
		all.addAll(this.startedWhileDraining);
		this.startedWhileDraining.clear();
		return new ArrayList<>(all);
	}

	/** Step 8: the worker is STOPPED, and whoever waited on this drain gets its report. */
	void endStop(DrainReport report) {
		CompletableFuture<DrainReport> done;
		synchronized (this.lifecycle) {
			this.state = WorkerState.STOPPED;
			this.supervisor = null;
			this.supervisorThread = null;
			this.nextRun = null;
			done = Objects.requireNonNull(this.drainDone);
		}
		this.settings.listeners().stateChanged(this, WorkerState.STOPPING, WorkerState.STOPPED);
		done.complete(report);
		LeaseKeeper lease = this.keeper;
		if (lease != null) {
			lease.poke();
		}
	}

	CompletableFuture<DrainReport> drainDone() {
		synchronized (this.lifecycle) {
			return (this.drainDone != null) ? this.drainDone
					: CompletableFuture.completedFuture(DrainReport.empty(List.of(this.name)));
		}
	}

	// Task groups

	@Override
	public <T extends @Nullable Object> TaskGroup<T> group() {
		return group(Integer.MAX_VALUE);
	}

	@Override
	public <T extends @Nullable Object> TaskGroup<T> group(int maxConcurrency) {
		return new DefaultTaskGroup<>(this, this.signal, maxConcurrency, 0);
	}

	Duration interruptGrace() {
		return this.settings.interruptGrace();
	}

	// Looking at it

	@Override
	public int activeTasks() {
		return this.live.size();
	}

	@Override
	public int queuedTasks() {
		TaskQueue waiting = this.queue;
		return (waiting != null) ? waiting.size() : 0;
	}

	@Override
	public WorkerSnapshot snapshot() {
		return snapshot(List.of());
	}

	@Override
	public WorkerSnapshot snapshot(boolean withStacks) {
		return snapshot(tasks(Integer.MAX_VALUE, withStacks ? Integer.MAX_VALUE : 0));
	}

	private WorkerSnapshot snapshot(List<TaskSnapshot> tasks) {
		Schedule schedule = this.spec.schedule();
		return new WorkerSnapshot(this.name, state(), this.live.size(), limit(), availablePermits(),
				this.counts.started.sum(), this.counts.completed.sum(),
				this.counts.failed.sum(), this.counts.interrupted.sum(), this.counts.rejected.sum(),
				this.counts.restarts.get(), this.counts.lastFailure(),
				(schedule != null) ? schedule.describe() : null, this.lastRun, this.nextRun, tasks, queuedTasks());
	}

	/** The most tasks that run at once now. */
	int limit() {
		return this.permits.limit();
	}

	int availablePermits() {
		return this.permits.available();
	}

	@Override
	public List<TaskSnapshot> tasks(int limit, int maxFrames) {
		return this.listing.tasks(this.live, limit, maxFrames);
	}

	@Override
	public List<TaskSnapshot> stuckTasks(int limit) {
		Duration threshold = this.spec.stuckAfter();
		if (threshold == null || limit <= 0) {
			return List.of();
		}
		return this.listing.stuck(this.live, threshold, !this.spec.isPeriodic(), limit);
	}

	/**
	 * Adds the ids of the threads this worker owns that do not say so themselves: its body's supervisor. A thread
	 * running one of its tasks carries the task in its handler slot ({@link CurrentTask#runsOn(Thread)}).
	 */
	void collectThreadsBesideTasks(Set<Long> ids) {
		Thread supervisor;
		synchronized (this.lifecycle) {
			supervisor = this.supervisorThread;
		}
		if (supervisor != null && supervisor.isAlive()) {
			ids.add(supervisor.getId());
		}
	}

	/** Adds the ids of the threads this worker owns now: its live tasks' and its body's, between runs too. */
	void collectOwnedThreads(Set<Long> ids) {
		for (TaskRun<?> run : this.live) {
			Thread thread = run.thread;
			if (thread != null) {
				ids.add(thread.getId());
			}
		}
		Thread supervisor;
		synchronized (this.lifecycle) {
			supervisor = this.supervisorThread;
		}
		if (supervisor != null && supervisor.isAlive()) {
			ids.add(supervisor.getId());
		}
	}

	@Override
	public String toString() {
		return "worker '" + this.name + "' (" + this.state + ")";
	}

}
