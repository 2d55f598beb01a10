package io.github.managedworkers.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.AbandonedTaskException;
import io.github.managedworkers.StopCause;
import io.github.managedworkers.Task;
import io.github.managedworkers.TaskGroup;
import io.github.managedworkers.TaskKind;
import io.github.managedworkers.TaskOutcome;
import io.github.managedworkers.WorkerContext;

/**
 * One live task of a worker, and the only object a submit allocates for it: the runnable its thread runs, the
 * future its submitter holds, the context the task sees, and the node the worker tracks.
 */
final class TaskRun<T extends @Nullable Object> extends CompletableFuture<T>
		implements Runnable, WorkerContext, Thread.UncaughtExceptionHandler {

	/** {@link #callbacks} once the stop callbacks have run. */
	private static final Object FIRED = new Object();

	/** {@link #callbacks} once the task ended first. */
	private static final Object ENDED = new Object();

	/** {@link #settled} while the task runs (or waits to). */
	private static final int LIVE = -1;

	/** {@link #settled} once a drain gave up on the task before it ended. */
	private static final int ABANDONED = -2;

	private static final TaskOutcome[] OUTCOMES = TaskOutcome.values();

	private static final VarHandle SETTLED;

	static {
		try {
			SETTLED = MethodHandles.lookup().findVarHandle(TaskRun.class, "settled", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final WorkerRuntime worker;

	final long id;

	final TaskKind kind;

	final StopSignal signal;

	/** The group this task belongs to; null for a body run or a task submitted outside a group. */
	private final @Nullable TaskObserver<T> observer;

	/** When it was accepted, or, for a queued task, when it left the queue; written before its thread starts. */
	long startNanos;

	private final Task<T> task;

	volatile @Nullable Thread thread;

	/** Where the worker's live tasks keep this task; guarded by {@link LiveTasks}. */
	int liveSlot;

	/** Whether the task waits in {@link #sleep(Duration)}, which the stop signal ends. */
	private volatile boolean sleeping;

	/** What the task runs, when its worker knows it (an application's scheduled method); shown in listings. */
	@Nullable String label;

	/** Set when a drain or a stopped group interrupted this task's thread. */
	volatile boolean interruptedByStop;

	/**
	 * How the task ended ({@link TaskOutcome#ordinal()}), {@link #LIVE} or {@link #ABANDONED}: set once, by the task as
	 * it ends or by a drain that gives up on it, whichever comes first. A drain counts each task by this, so that it
	 * never calls a task abandoned that ended, nor counts one twice.
	 */
	private volatile int settled = LIVE;

	/** Guarded by {@code this}: null, one Runnable, a List of them, {@link #FIRED} or {@link #ENDED}. */
	private @Nullable Object callbacks;

	TaskRun(WorkerRuntime worker, long id, TaskKind kind, StopSignal signal, @Nullable TaskObserver<T> observer,
			Task<T> task) {
		this.worker = worker;
		this.id = id;
		this.kind = kind;
		this.signal = signal;
		this.observer = observer;
		this.task = task;
		this.startNanos = System.nanoTime();
	}

	@Override
	public void run() {
		Throwable failure = null;
		T value = null;
		this.worker.taskStarted(this);
		if (this.interruptedByStop) {
			// Interrupted for a stop before its thread existed.
			Thread.currentThread().interrupt();
		}
		CurrentTask.enter(this);
		try {
			value = this.task.call(this);
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			CurrentTask.exit();
		}
		// The worker and the group settle before the future completes: whoever sees it complete finds the permit and
		// the group's slot free, as errgroup frees its limit slot before Wait's counter.
		this.worker.taskEnded(this, failure);
		leaveThread();
		if (this.observer != null) {
			this.observer.finishing(this, failure);
		}
		if (failure == null) {
			complete(value);
		}
		else {
			completeExceptionally(failure);
		}
		if (this.observer != null) {
			this.observer.ended(this);
		}
	}

	/** The task's thread could not start, or it left a queue that may not start it: it never ran. */
	void failedToStart(Throwable failure) {
		settle(TaskOutcome.REJECTED);
		if (this.observer != null) {
			this.observer.finishing(this, failure);
		}
		completeExceptionally(failure);
		if (this.observer != null) {
			this.observer.ended(this);
		}
	}

	/** Called once the worker tracks this task, before its thread starts. */
	void accepted() {
		if (this.observer != null) {
			this.observer.accepted(this);
		}
	}

	/**
	 * Settles how this task ended, unless a drain abandoned it first.
	 * @return whether the outcome stands
	 */
	boolean settle(TaskOutcome outcome) {
		return SETTLED.compareAndSet(this, LIVE, outcome.ordinal());
	}

	/**
	 * A drain gives up on this task if it has not ended yet: its future fails, so that no caller waits forever.
	 * @return whether it was abandoned; {@code false} when it ended first
	 */
	boolean abandonIfLive(String worker, long interruptGraceMillis) {
		if (!SETTLED.compareAndSet(this, LIVE, ABANDONED)) {
			return false;
		}
		completeExceptionally(new AbandonedTaskException(worker, this.id, interruptGraceMillis));
		if (this.observer != null) {
			this.observer.abandoned(this);
		}
		return true;
	}

	/** How this task ended; {@code null} while it runs, or when a drain abandoned it. */
	@Nullable TaskOutcome outcome() {
		int outcome = this.settled;
		return (outcome >= 0) ? OUTCOMES[outcome] : null;
	}

	/**
	 * Runs a body round on the calling (supervisor) thread.
	 * @return what the body threw, or {@code null}
	 */
	@Nullable Throwable runBody() {
		Throwable failure = null;
		this.worker.taskStarted(this);
		CurrentTask.enter(this);
		try {
			this.task.call(this);
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			CurrentTask.exit();
		}
		this.worker.taskEnded(this, failure);
		return failure;
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = super.cancel(mayInterruptIfRunning);
		if (cancelled && mayInterruptIfRunning) {
			interruptThread();
		}
		return cancelled;
	}

	long groupId() {
		return (this.observer instanceof DefaultTaskGroup<?> group) ? group.id : 0;
	}

	long groupParentId() {
		return (this.observer instanceof DefaultTaskGroup<?> group) ? group.parentTaskId : 0;
	}

	String threadName() {
		return this.worker.threadName(this.id);
	}

	/**
	 * The thread is done with this task: an interrupt meant for it must not reach a pooled thread's next task, and a
	 * future kept after the end does not keep the thread (and a virtual thread's stack) reachable.
	 */
	synchronized void leaveThread() {
		this.thread = null;
	}

	private synchronized void interruptThread() {
		Thread running = this.thread;
		if (running != null) {
			running.interrupt();
		}
	}

	// WorkerContext

	@Override
	public String workerName() {
		return this.worker.name();
	}

	@Override
	public long taskId() {
		return this.id;
	}

	@Override
	public TaskKind kind() {
		return this.kind;
	}

	@Override
	public boolean isStopping() {
		return this.signal.isStopped();
	}

	@Override
	public Optional<StopCause> stopCause() {
		return Optional.ofNullable(this.signal.cause());
	}

	@Override
	public boolean sleep(Duration duration) {
		Objects.requireNonNull(duration, "duration");
		this.sleeping = true;
		try {
			return this.signal.sleep(duration);
		}
		finally {
			this.sleeping = false;
		}
	}

	@Override
	public void onStop(Runnable callback) {
		Objects.requireNonNull(callback, "callback");
		synchronized (this) {
			if (this.callbacks == ENDED) {
				return;
			}
			if (this.callbacks != FIRED && !this.signal.isStopped()) {
				addCallback(callback);
				return;
			}
		}
		runCallback(callback);
	}

	@Override
	public <R extends @Nullable Object> CompletableFuture<R> submit(Task<R> task) {
		return this.worker.submit(task);
	}

	@Override
	public <R extends @Nullable Object> TaskGroup<R> group() {
		return group(Integer.MAX_VALUE);
	}

	@Override
	public <R extends @Nullable Object> TaskGroup<R> group(int maxConcurrency) {
		return new DefaultTaskGroup<>(this.worker, this.signal, maxConcurrency, this.id);
	}

	/**
	 * Unparks this task's thread if it sleeps in {@link #sleep(Duration)} after the signal came. The signal's latch
	 * wakes its waiters one after another, each woken thread waking the next: 2,000 platform threads on a loaded
	 * 2-core host took over a second. Unparked here, they wake side by side; a stray unpark is harmless, since every
	 * park rechecks what it waits for.
	 */
	void wakeIfAsleep() {
		Thread running = this.thread;
		if (this.sleeping && running != null) {
			LockSupport.unpark(running);
		}
	}

	/**
	 * Interrupts this task's thread for a stop it did not heed; not one asleep in {@link #sleep(Duration)}, which the
	 * signal wakes: thousands of them may still wait for a carrier on a loaded host, and interrupting threads parked
	 * on one shared latch costs time quadratic in their number.
	 */
	void interruptForStop() {
		if (this.sleeping && this.signal.isStopped()) {
			return;
		}
		this.interruptedByStop = true;
		interruptThread();
	}

	/** Runs this task's stop callbacks, on the calling thread. */
	void fireStopCallbacks() {
		runCallbacks(takeCallbacks(FIRED));
	}

	/**
	 * Closes the callbacks of a task that ended: they are dropped, unless a stop came and the task ended before the
	 * stopping thread got to them; then they run here, so that a stop runs each callback exactly once.
	 */
	void endStopCallbacks() {
		Object pending = takeCallbacks(ENDED);
		if (this.signal.isStopped()) {
			runCallbacks(pending);
		}
	}

	private synchronized @Nullable Object takeCallbacks(Object marker) {
		Object taken = this.callbacks;
		if (taken == ENDED || taken == FIRED) {
			return null;
		}
		this.callbacks = marker;
		return taken;
	}

	private void runCallbacks(@Nullable Object taken) {
		if (taken instanceof Runnable single) {
			runCallback(single);
		}
		else if (taken instanceof List<?> list) {
			for (Object callback : list) {
				runCallback((Runnable) callback);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private void addCallback(Runnable callback) {
		if (this.callbacks == null) {
			this.callbacks = callback;
		}
		else if (this.callbacks instanceof Runnable single) {
			List<Runnable> list = new ArrayList<>(2);
			list.add(single);
			list.add(callback);
			this.callbacks = list;
		}
		else {
			((List<Runnable>) this.callbacks).add(callback);
		}
	}

	private void runCallback(Runnable callback) {
		try {
			callback.run();
		}
		catch (RuntimeException | Error ex) {
			this.worker.stopCallbackFailed(this, ex);
		}
	}

	/**
	 * Only a slot for {@link CurrentTask}: what the task throws never reaches it ({@link #run()} catches everything),
	 * and anything else goes where it would go if the thread had no handler of its own.
	 */
	@Override
	public void uncaughtException(Thread thread, Throwable failure) {
		ThreadGroup group = thread.getThreadGroup();
		if (group != null) {
			group.uncaughtException(thread, failure);
		}
	}

	@Override
	public String toString() {
		return "task #" + this.id + " of worker '" + this.worker.name() + "'";
	}

}
