package io.github.managedworkers.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.managedworkers.AbandonedTaskException;
import io.github.managedworkers.DrainReport;
import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.RejectedTaskException.Reason;
import io.github.managedworkers.RestartPolicy;
import io.github.managedworkers.Task;
import io.github.managedworkers.TaskDecorator;
import io.github.managedworkers.TaskGroup;
import io.github.managedworkers.TaskKind;
import io.github.managedworkers.TaskOutcome;
import io.github.managedworkers.TaskSnapshot;
import io.github.managedworkers.Worker;
import io.github.managedworkers.WorkerFailure;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerSnapshot;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.WorkerState;

/**
 * One worker: its bulkhead, its live tasks, its counters, its body's supervisor and its lifecycle.
 */
final class WorkerRuntime implements WorkerHandle {

	private static final Logger logger = LoggerFactory.getLogger(WorkerHandle.class);

	private final DefaultWorkerRegistry registry;

	private final WorkerSpec spec;

	private final String name;

	private final String threadPrefix;

	private final @Nullable Task<Void> body;

	private final Bulkhead bulkhead;

	private final LiveTasks live = new LiveTasks();

	private final LongAdder started = new LongAdder();

	private final LongAdder completed = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder interrupted = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final AtomicLong restarts = new AtomicLong();

	private final FailureLog failureLog = new FailureLog();

	/** Guards state transitions; never taken on the submit path. */
	private final Object lifecycle = new Object();

	/** Notified when the last live task of a stopping worker ends. */
	private final Object idle = new Object();

	private volatile WorkerState state = WorkerState.NEW;

	/** The stop signal of the current run of this worker; replaced when a stopped worker starts again. */
	private volatile StopSignal signal = new StopSignal();

	private volatile @Nullable WorkerFailure lastFailure;

	private @Nullable Thread supervisor;

	private @Nullable CompletableFuture<DrainReport> drainDone;

	WorkerRuntime(DefaultWorkerRegistry registry, WorkerSpec spec, @Nullable Worker body) {
		this.registry = registry;
		this.spec = spec;
		this.name = spec.name();
		this.threadPrefix = spec.name() + "-";
		this.body = (body != null) ? (ctx) -> {
			body.run(ctx);
			return null;
		} : null;
		this.bulkhead = Bulkhead.of(this.name,
				BulkheadConfig.custom()
					.maxConcurrentCalls(spec.maxConcurrency())
					.maxWaitDuration(spec.maxWait())
					.writableStackTraceEnabled(false)
					.build());
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
		return this.state;
	}

	// Submitting

	@Override
	public <T> CompletableFuture<T> submit(Task<T> task) {
		Objects.requireNonNull(task, "task");
		return submit(task, this.signal, null);
	}

	/**
	 * Submits a task that sees the given stop signal, as a member of the given group or of none; waits up to
	 * {@code maxWait} for a permit.
	 */
	<T> CompletableFuture<T> submit(Task<T> task, StopSignal signal, DefaultTaskGroup<T> group) {
		WorkerState current = this.state;
		if (current != WorkerState.RUNNING) {
			return reject((current == WorkerState.STOPPING) ? Reason.STOPPING : Reason.NOT_RUNNING, current);
		}
		if (!this.bulkhead.tryAcquirePermission()) {
			return reject(Reason.FULL, current);
		}
		return start(task, signal, group);
	}

	/**
	 * Submits a group's task only if it can start now: null, and nothing counted, when the worker is not running or
	 * has no free permit.
	 */
	<T> CompletableFuture<T> trySubmit(Task<T> task, StopSignal signal, DefaultTaskGroup<T> group) {
		// The free-permit check keeps tryAcquirePermission from waiting maxWait, but for a race on the last permit.
		if (this.state != WorkerState.RUNNING || this.bulkhead.getMetrics().getAvailableConcurrentCalls() == 0
				|| !this.bulkhead.tryAcquirePermission()) {
			return null;
		}
		return start(task, signal, group);
	}

	/** Starts a task that holds a permit. */
	private <T> CompletableFuture<T> start(Task<T> task, StopSignal signal, DefaultTaskGroup<T> group) {
		TaskDecorator decorator = this.registry.taskDecorator;
		TaskRun<T> run = new TaskRun<>(this, this.registry.nextTaskId(), TaskKind.TASK, signal, group,
				(decorator != null) ? decorator.decorate(task) : task);
		if (!track(run)) {
			this.bulkhead.onComplete();
			WorkerState now = this.state;
			return reject((group != null && now == WorkerState.RUNNING) ? Reason.GROUP_STOPPED : Reason.STOPPING, now);
		}
		Thread thread;
		try {
			thread = this.registry.threads.newThread(this.threadPrefix + run.id, run);
			run.thread = thread;
			thread.start();
		}
		catch (RuntimeException | Error ex) {
			// The JVM could not start a thread (out of memory or a process limit): the task never ran.
			untrack(run);
			this.bulkhead.onComplete();
			this.rejected.increment();
			run.completeExceptionally(ex);
			if (group != null) {
				group.taskEnded(run, ex);
			}
		}
		return run;
	}

	/** Rejects a task of a stopped group, with the worker's own reason when the worker is not running. */
	<T> CompletableFuture<T> rejectGroupTask() {
		WorkerState current = this.state;
		return reject(switch (current) {
			case RUNNING -> Reason.GROUP_STOPPED;
			case STOPPING -> Reason.STOPPING;
			default -> Reason.NOT_RUNNING;
		}, current);
	}

	private <T> CompletableFuture<T> reject(Reason reason, WorkerState current) {
		RejectedTaskException rejection = new RejectedTaskException(this.name, reason, current,
				this.spec.maxConcurrency(), this.spec.maxWait());
		this.rejected.increment();
		this.registry.listeners.taskRejected(this, rejection);
		return CompletableFuture.failedFuture(rejection);
	}

	/**
	 * Tracks a task before its thread starts, then checks the state again: a drain that set STOPPING before this
	 * check either sees the task and waits for it, or the task is refused here.
	 */
	private boolean track(TaskRun<?> run) {
		this.live.add(run);
		if (this.state != WorkerState.RUNNING || run.signal.isStopped()) {
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
		this.started.increment();
		this.registry.listeners.taskStarted(this, run.kind);
	}

	void taskEnded(TaskRun<?> run, @Nullable Throwable failure) {
		run.endStopCallbacks();
		untrack(run);
		if (run.kind == TaskKind.TASK) {
			this.bulkhead.onComplete();
		}
		long nanos = System.nanoTime() - run.startNanos;
		TaskOutcome outcome;
		if (failure == null) {
			outcome = TaskOutcome.COMPLETED;
			this.completed.increment();
		}
		else if (run.interruptedByStop || run.isCancelled()
				|| (failure instanceof InterruptedException && run.signal.isStopped())) {
			outcome = TaskOutcome.INTERRUPTED;
			this.interrupted.increment();
		}
		else {
			outcome = TaskOutcome.FAILED;
			this.failed.increment();
			this.lastFailure = new WorkerFailure(failure.getClass().getName(), failure.getMessage(), Instant.now(),
					run.id, run.kind);
			if (run.kind == TaskKind.TASK) {
				long heldBack = this.failureLog.admit();
				if (heldBack >= 0) {
					logger.warn("Task #{} of worker '{}' failed after {} ms{}", run.id, this.name,
							TimeUnit.NANOSECONDS.toMillis(nanos), FailureLog.heldBackNote(heldBack), failure);
				}
			}
		}
		this.registry.listeners.taskFinished(this, run.kind, outcome, nanos, failure);
	}

	void stopCallbackFailed(TaskRun<?> run, Throwable ex) {
		logger.warn("An onStop callback of {} failed", run, ex);
	}

	// The body

	private void supervise(StopSignal stop, long firstId) {
		if (!this.spec.initialDelay().isZero()) {
			stop.sleep(this.spec.initialDelay());
			Thread.interrupted();
		}
		RestartHistory history = new RestartHistory(this.spec);
		long id = firstId;
		while (!stop.isStopped()) {
			if (id != firstId) {
				Thread.currentThread().setName(this.threadPrefix + id);
			}
			TaskRun<Void> run = new TaskRun<>(this, id, TaskKind.BODY, stop, null, this.body);
			run.thread = Thread.currentThread();
			if (!track(run)) {
				return;
			}
			Throwable failure = run.runBody();
			// An interrupt meant for that round must not cut the next wait short.
			Thread.interrupted();
			if (stop.isStopped()) {
				return;
			}
			long ranNanos = System.nanoTime() - run.startNanos;
			if (failure == null && this.spec.isPeriodic()) {
				history.succeeded();
				stop.sleep(this.spec.every());
				Thread.interrupted();
			}
			else if (failure == null && this.spec.restart() != RestartPolicy.ALWAYS) {
				bodyReturned();
				return;
			}
			else if (!restart(stop, history, failure, ranNanos)) {
				return;
			}
			id = this.registry.nextTaskId();
		}
	}

	private boolean restart(StopSignal stop, RestartHistory history, Throwable failure, long ranNanos) {
		if (failure != null && this.spec.restart() == RestartPolicy.NEVER) {
			fail(failure, "its restart policy is NEVER");
			return false;
		}
		if (!history.allow()) {
			fail(failure, "it needed more than " + this.spec.maxRestarts() + " restarts within "
					+ this.spec.restartWindow());
			return false;
		}
		Duration delay = history.nextDelay(ranNanos);
		long count = this.restarts.incrementAndGet();
		this.registry.listeners.restarted(this, failure, delay);
		long heldBack = this.failureLog.admit();
		if (heldBack >= 0) {
			String what = (failure != null) ? "failed" : "returned";
			logger.warn("Body of worker '{}' {} after {} ms; restart #{} in {} ms{}", this.name, what,
					TimeUnit.NANOSECONDS.toMillis(ranNanos), count, delay.toMillis(),
					FailureLog.heldBackNote(heldBack), failure);
		}
		stop.sleep(delay);
		Thread.interrupted();
		return true;
	}

	private void fail(Throwable failure, String why) {
		synchronized (this.lifecycle) {
			if (this.state != WorkerState.RUNNING) {
				return;
			}
			this.state = WorkerState.FAILED;
		}
		logger.error("Worker '{}' FAILED: {}. It takes no work until it is started again.", this.name, why, failure);
		this.registry.listeners.stateChanged(this, WorkerState.RUNNING, WorkerState.FAILED);
	}

	private void bodyReturned() {
		logger.info("Body of worker '{}' returned by itself; the worker stops (restart {} runs a loop body again "
				+ "only after a failure; ALWAYS runs it again)", this.name, this.spec.restart());
		Drain.run(List.of(this), this.registry.drainTimeout(), this.registry.interruptGrace);
	}

	// Lifecycle

	@Override
	public void start() {
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
			this.registry.checkOpen(this.name);
			if (this.signal.isStopped()) {
				// Only a drained worker gets a new signal: the tasks of a failed worker, and the groups opened on a
				// new one, must hear the next stop.
				this.signal = new StopSignal();
			}
			this.state = WorkerState.RUNNING;
			if (this.body != null) {
				long id = this.registry.nextTaskId();
				StopSignal stop = this.signal;
				this.supervisor = this.registry.threads.newThread(this.threadPrefix + id, () -> supervise(stop, id));
				this.supervisor.start();
			}
		}
		this.registry.listeners.stateChanged(this, from, WorkerState.RUNNING);
	}

	@Override
	public DrainReport stop(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		return Drain.run(List.of(this), timeout, this.registry.interruptGrace);
	}

	@Override
	public DrainReport stop() {
		return stop(this.registry.drainTimeout());
	}

	/** What {@link #beginStop()} found. */
	enum StopBegun {

		/** This caller drains the worker. */
		DRAINING,

		/** Another caller is draining it: wait for {@link #drainDone()}. */
		ALREADY_DRAINING,

		/** It was not running: nothing to drain. */
		NOTHING_TO_DO

	}

	/** Rejects new work; {@link #signalStop()} follows once the drain has counted the live tasks. */
	StopBegun beginStop() {
		WorkerState from;
		synchronized (this.lifecycle) {
			from = this.state;
			if (from == WorkerState.STOPPING) {
				return StopBegun.ALREADY_DRAINING;
			}
			if (from == WorkerState.STOPPED) {
				return StopBegun.NOTHING_TO_DO;
			}
			if (from == WorkerState.NEW) {
				this.state = WorkerState.STOPPED;
			}
			else {
				this.state = WorkerState.STOPPING;
				this.drainDone = new CompletableFuture<>();
			}
		}
		this.registry.listeners.stateChanged(this, from, this.state);
		return (from == WorkerState.NEW) ? StopBegun.NOTHING_TO_DO : StopBegun.DRAINING;
	}

	/** Signals stop to the worker and its task groups: sleeps wake, loops see {@code isStopping()}. */
	void signalStop() {
		this.signal.signal();
	}

	CompletableFuture<DrainReport> drainDone() {
		synchronized (this.lifecycle) {
			return (this.drainDone != null) ? this.drainDone
					: CompletableFuture.completedFuture(DrainReport.empty(List.of(this.name)));
		}
	}

	void fireStopCallbacks() {
		// The groups' hooks wake their waiting submitters; every task's callbacks, in groups or not, run below.
		this.signal.runHooks();
		for (TaskRun<?> run : this.live) {
			run.fireStopCallbacks();
		}
	}

	/**
	 * Waits until no task is live or the deadline passes.
	 * @return whether no task is live
	 */
	boolean awaitIdle(long deadlineNanos) throws InterruptedException {
		synchronized (this.idle) {
			while (!this.live.isEmpty()) {
				long remaining = deadlineNanos - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.idle, remaining);
			}
			return true;
		}
	}

	void joinSupervisor(long deadlineNanos) throws InterruptedException {
		Thread thread;
		synchronized (this.lifecycle) {
			thread = this.supervisor;
		}
		if (thread != null && thread != Thread.currentThread()) {
			long remaining = deadlineNanos - System.nanoTime();
			if (remaining > 0) {
				TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
			}
		}
	}

	/** Interrupts every live task: only those that ignored the stop signal are still here. */
	void interruptLive() {
		for (TaskRun<?> run : this.live) {
			run.interruptForStop();
		}
	}

	/** Reports every task still alive as abandoned, and fails its future so that no caller waits forever. */
	List<TaskSnapshot> abandonLive() {
		List<TaskSnapshot> abandoned = tasks(Integer.MAX_VALUE, Integer.MAX_VALUE);
		for (TaskRun<?> run : this.live) {
			run.completeExceptionally(
					new AbandonedTaskException(this.name, run.id, this.registry.interruptGrace.toMillis()));
			if (run.group != null) {
				run.group.abandoned(run);
			}
		}
		for (TaskSnapshot task : abandoned) {
			logger.warn("Worker '{}' abandoned {}", this.name, task.describe());
			this.registry.listeners.abandoned(this, task);
		}
		return abandoned;
	}

	void endStop(DrainReport report) {
		CompletableFuture<DrainReport> done;
		synchronized (this.lifecycle) {
			this.state = WorkerState.STOPPED;
			this.supervisor = null;
			done = this.drainDone;
		}
		this.registry.listeners.stateChanged(this, WorkerState.STOPPING, WorkerState.STOPPED);
		done.complete(report);
	}

	// Task groups

	@Override
	public <T> TaskGroup<T> group() {
		return group(Integer.MAX_VALUE);
	}

	@Override
	public <T> TaskGroup<T> group(int maxConcurrency) {
		return new DefaultTaskGroup<>(this, this.signal, maxConcurrency);
	}

	Duration interruptGrace() {
		return this.registry.interruptGrace;
	}

	// Looking at it

	@Override
	public int activeTasks() {
		return this.live.size();
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
		return new WorkerSnapshot(this.name, this.state, this.live.size(), this.spec.maxConcurrency(),
				this.bulkhead.getMetrics().getAvailableConcurrentCalls(), this.started.sum(), this.completed.sum(),
				this.failed.sum(), this.interrupted.sum(), this.rejected.sum(), this.restarts.get(), this.lastFailure,
				tasks);
	}

	@Override
	public List<TaskSnapshot> tasks(int limit, int maxFrames) {
		if (limit < 0 || maxFrames < 0) {
			throw new IllegalArgumentException(
					"tasks(" + limit + ", " + maxFrames + "): limit and maxFrames must be zero or more");
		}
		List<TaskRun<?>> runs = this.live.toList();
		runs.sort(Comparator.comparingLong((run) -> run.id));
		if (runs.size() > limit) {
			runs = runs.subList(0, limit);
		}
		Thread[] threads = new Thread[runs.size()];
		for (int i = 0; i < threads.length; i++) {
			threads[i] = runs.get(i).thread;
		}
		StackTraceElement[][] stacks = ThreadStacks.of(threads, maxFrames, this.registry.threads.virtual());
		long nowNanos = System.nanoTime();
		Instant now = Instant.now();
		List<TaskSnapshot> tasks = new ArrayList<>(runs.size());
		for (int i = 0; i < threads.length; i++) {
			tasks.add(snapshotOf(runs.get(i), threads[i], stacks[i], nowNanos, now));
		}
		return tasks;
	}

	@Override
	public List<TaskSnapshot> stuckTasks(int limit) {
		Duration threshold = this.spec.stuckAfter();
		if (threshold == null || limit <= 0) {
			return List.of();
		}
		long nowNanos = System.nanoTime();
		long thresholdNanos = StopSignal.saturatedNanos(threshold);
		boolean loopBody = !this.spec.isPeriodic();
		List<TaskRun<?>> stuck = new ArrayList<>();
		for (TaskRun<?> run : this.live) {
			if (nowNanos - run.startNanos > thresholdNanos && !(loopBody && run.kind == TaskKind.BODY)) {
				stuck.add(run);
			}
		}
		stuck.sort(Comparator.comparingLong((run) -> run.id));
		Instant now = Instant.now();
		List<TaskSnapshot> tasks = new ArrayList<>(Math.min(limit, stuck.size()));
		for (TaskRun<?> run : stuck.subList(0, Math.min(limit, stuck.size()))) {
			tasks.add(snapshotOf(run, run.thread, ThreadStacks.NO_FRAMES, nowNanos, now));
		}
		return tasks;
	}

	private TaskSnapshot snapshotOf(TaskRun<?> run, @Nullable Thread thread, StackTraceElement[] stack, long nowNanos,
			Instant now) {
		Duration runningFor = Duration.ofNanos(Math.max(0, nowNanos - run.startNanos));
		return new TaskSnapshot(run.id, this.name, run.kind,
				(thread != null) ? thread.getName() : this.threadPrefix + run.id, this.registry.threads.virtual(),
				now.minus(runningFor), runningFor, (thread != null) ? thread.getState() : Thread.State.NEW,
				Arrays.asList(stack));
	}

	@Override
	public String toString() {
		return "worker '" + this.name + "' (" + this.state + ")";
	}

}
