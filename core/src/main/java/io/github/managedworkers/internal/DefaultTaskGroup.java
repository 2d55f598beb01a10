package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.StopCause;
import io.github.managedworkers.Task;
import io.github.managedworkers.TaskGroup;
import io.github.managedworkers.TaskGroupException;
import io.github.managedworkers.TaskGroupException.Reason;

/**
 * The task group behind {@code WorkerHandle.group()} and {@code WorkerContext.group()}: a stop signal of its own, a
 * child of its creator's, a count of slots for its limit, a count of unfinished tasks for {@code join}, and the
 * futures of its tasks in submit order. Its tasks are ordinary tasks of the worker, that the group observes through
 * {@link TaskObserver}: as in errgroup, a task frees its slot before its future completes, and counts as finished for
 * {@code join} after.
 * <p>
 * It waits on a {@link ReentrantLock} rather than a monitor: joiners and submitters are often virtual threads, which
 * a monitor wait pins to their carrier before Java 24.
 */
final class DefaultTaskGroup<T extends @Nullable Object> implements TaskGroup<T>, TaskObserver<T> {

	private enum State {

		OPEN, JOINED, CLOSED

	}

	private static final long NO_TIMEOUT = Long.MAX_VALUE;

	private final WorkerRuntime worker;

	/** Unique within the registry, drawn from the task ids. */
	final long id;

	/** The task that opened this group, or 0 when code outside the worker did. */
	final long parentTaskId;

	private final int maxConcurrency;

	private final ReentrantLock lock = new ReentrantLock();

	/** Signalled when the last unfinished task ends, a slot frees in a full group, or the group stops. */
	private final Condition changed = this.lock.newCondition();

	/** Guarded by {@link #lock}: the future of every submit, in submit order. */
	private final List<CompletableFuture<T>> futures = new ArrayList<>();

	/** Guarded by {@link #lock}: the failures that count, in the order they happened. */
	private final List<Throwable> failures = new ArrayList<>(1);

	/** Assigned last: its hook may run before the constructor returns, if the parent stops meanwhile. */
	private final StopSignal signal;

	/** Guarded by {@link #lock}: the slots taken, by tasks holding one and by submits under way. */
	private int slots;

	/** Guarded by {@link #lock}: the tasks whose future is not complete, and the submits under way. */
	private int unfinished;

	/** Guarded by {@link #lock}: the accepted tasks that still hold a slot. */
	private final Set<TaskRun<T>> holdingSlots = new HashSet<>();

	/** Guarded by {@link #lock}: the accepted tasks whose future is not complete. */
	private final Set<TaskRun<T>> running = new HashSet<>();

	/** Guarded by {@link #lock}. */
	private State state = State.OPEN;

	/** Guarded by {@link #lock}: whether the group stopped itself (rather than from above), and when. */
	private boolean stoppedItself;

	private long stoppedAtNanos;

	/** Guarded by {@link #lock}: the tasks that did not heed the group's stop were interrupted. */
	private boolean interrupted;

	DefaultTaskGroup(WorkerRuntime worker, StopSignal parent, int maxConcurrency, long parentTaskId) {
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("Worker '" + worker.name() + "': invalid task group maxConcurrency '"
					+ maxConcurrency + "'; allowed: an integer of 1 or more");
		}
		this.worker = worker;
		this.id = worker.nextTaskId();
		this.parentTaskId = parentTaskId;
		this.maxConcurrency = maxConcurrency;
		this.signal = parent.child(this::stopped);
	}

	// Submitting

	@Override
	public CompletableFuture<T> submit(Task<T> task) {
		Objects.requireNonNull(task, "task");
		// A submit that waits always answers with a future: a task's, or a rejection.
		return Objects.requireNonNull(submit(task, true));
	}

	@Override
	public boolean trySubmit(Task<T> task) {
		Objects.requireNonNull(task, "task");
		return submit(task, false) != null;
	}

	/**
	 * Submits a task, waiting for a slot and a permit or not at all.
	 * @return the task's future; null when a submit that does not wait could not start the task
	 */
	private @Nullable CompletableFuture<T> submit(Task<T> task, boolean wait) {
		if (!takeSlot(wait)) {
			return wait ? addRefused(this.worker.rejectGroupTask()) : null;
		}
		CompletableFuture<T> future = wait ? this.worker.submit(task, this.signal, this)
				: this.worker.trySubmit(task, this.signal, this);
		if (future instanceof TaskRun<T> run) {
			return run; // accepted() listed it
		}
		this.lock.lock();
		try {
			releaseSlot();
			finishedOne();
		}
		finally {
			this.lock.unlock();
		}
		return (wait && future != null) ? addRefused(future) : null;
	}

	/**
	 * Takes a slot of the group, waiting for one if asked to until the group stops.
	 * @return whether the slot was taken: false when the group stopped, or is full and the caller does not wait
	 */
	private boolean takeSlot(boolean wait) {
		boolean interruptedWhileWaiting = false;
		this.lock.lock();
		try {
			checkOpen("submit()");
			while (this.slots >= this.maxConcurrency && !this.signal.isStopped() && this.state == State.OPEN) {
				if (!wait) {
					return false;
				}
				try {
					this.changed.await();
				}
				catch (InterruptedException ex) {
					interruptedWhileWaiting = true;
					break;
				}
			}
			if (!interruptedWhileWaiting && !this.signal.isStopped() && this.state == State.OPEN) {
				this.slots++;
				this.unfinished++;
				return true;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (interruptedWhileWaiting) {
			// Whoever interrupts a waiting submitter wants the group over; the flag stays set for the caller to see.
			Thread.currentThread().interrupt();
			stop(StopCause.GROUP_CLOSED);
		}
		return false;
	}

	/** Lists a submit that never started; its rejection fails the group unless the group had stopped. */
	private CompletableFuture<T> addRefused(CompletableFuture<T> refused) {
		boolean first;
		this.lock.lock();
		try {
			this.futures.add(refused);
			Throwable rejection = failureOf(refused);
			// A refused submit's future has always failed: a null would be a bug upstream, not a failure to count.
			first = rejection != null && countFailure(rejection, false);
		}
		finally {
			this.lock.unlock();
		}
		if (first) {
			stop(StopCause.GROUP_FAILED);
		}
		return refused;
	}

	/** Guarded by {@link #lock}. */
	private void releaseSlot() {
		this.slots--;
		// Only a slot freed in a full group is worth waking a submitter for.
		if (this.slots == this.maxConcurrency - 1) {
			this.changed.signalAll();
		}
	}

	/** Guarded by {@link #lock}. */
	private void finishedOne() {
		this.unfinished--;
		if (this.unfinished == 0) {
			this.changed.signalAll();
		}
	}

	// TaskObserver: called by the worker for the group's tasks

	@Override
	public void accepted(TaskRun<T> run) {
		this.lock.lock();
		try {
			this.futures.add(run);
			this.holdingSlots.add(run);
			this.running.add(run);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void finishing(TaskRun<T> run, @Nullable Throwable failure) {
		boolean first;
		this.lock.lock();
		try {
			// Not counted when a drain abandoned it before it ended.
			first = this.holdingSlots.contains(run) && failure != null && countFailure(failure, run.interruptedByStop);
		}
		finally {
			this.lock.unlock();
		}
		// Stopped before the slot frees, as errgroup cancels before it releases: no sibling slips into the slot.
		if (first) {
			stop(StopCause.GROUP_FAILED);
		}
		this.lock.lock();
		try {
			if (this.holdingSlots.remove(run)) {
				releaseSlot();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void ended(TaskRun<T> run) {
		this.lock.lock();
		try {
			if (this.running.remove(run)) {
				finishedOne();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void abandoned(TaskRun<T> run) {
		this.lock.lock();
		try {
			if (this.holdingSlots.remove(run)) {
				releaseSlot();
			}
			if (this.running.remove(run)) {
				finishedOne();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Counts a failure, unless it only echoes the group's stop: a task interrupted for it, a submit refused, a child
	 * group stopped. Guarded by {@link #lock}.
	 * @return whether it is the first failure
	 */
	private boolean countFailure(Throwable failure, boolean interruptedByStop) {
		if (this.signal.isStopped() && (interruptedByStop || failure instanceof InterruptedException
				|| failure instanceof RejectedTaskException
				|| (failure instanceof TaskGroupException child && child.reason() != Reason.FAILED))) {
			return false;
		}
		this.failures.add(failure);
		return this.failures.size() == 1;
	}

	// Stopping

	/** Stops the group on its own account: a failure, a timeout, a join's end, close, an interrupted submitter. */
	private void stop(StopCause cause) {
		this.lock.lock();
		try {
			if (!this.stoppedItself) {
				this.stoppedItself = true;
				this.stoppedAtNanos = System.nanoTime();
			}
		}
		finally {
			this.lock.unlock();
		}
		this.signal.stop(cause);
	}

	/** The signal's hook, whoever stopped it: wakes waiting submitters and joiners, runs the tasks' callbacks. */
	private void stopped() {
		List<TaskRun<T>> running;
		this.lock.lock();
		try {
			this.changed.signalAll();
			running = running();
		}
		finally {
			this.lock.unlock();
		}
		for (TaskRun<T> run : running) {
			run.fireStopCallbacks();
		}
	}

	@Override
	public boolean isStopping() {
		return this.signal.isStopped();
	}

	// Joining and closing

	@Override
	public List<T> join() throws InterruptedException {
		return join(NO_TIMEOUT);
	}

	@Override
	public List<T> join(Duration timeout) throws InterruptedException {
		Objects.requireNonNull(timeout, "timeout");
		if (timeout.isNegative()) {
			throw new IllegalArgumentException("join(" + timeout + "): the timeout must be zero or more");
		}
		return join(StopSignal.saturatedNanos(timeout));
	}

	private List<T> join(long timeoutNanos) throws InterruptedException {
		this.lock.lock();
		try {
			checkOpen("join()");
		}
		finally {
			this.lock.unlock();
		}
		String timedOut = awaitEnded(timeoutNanos, State.JOINED) ? null : timeoutMessage(timeoutNanos);
		// errgroup cancels its context when Wait returns; stopping also reaches any group a task left unclosed.
		stop((timedOut != null) ? StopCause.TIMED_OUT : StopCause.GROUP_CLOSED);
		this.signal.detach();
		if (timedOut != null) {
			throw new TaskGroupException(this.worker.name(), Reason.TIMED_OUT, timedOut, null);
		}
		return outcome();
	}

	@Override
	public void close() {
		this.lock.lock();
		try {
			if (this.state == State.CLOSED) {
				return;
			}
		}
		finally {
			this.lock.unlock();
		}
		// Closed only once the tasks have ended: meanwhile a task of the group that submits gets a rejection, not an
		// IllegalStateException meant for misuse.
		stop(StopCause.GROUP_CLOSED);
		boolean interruptedWhileClosing = false;
		while (true) {
			try {
				awaitEnded(NO_TIMEOUT, State.CLOSED);
				break;
			}
			catch (InterruptedException ex) {
				// Leaving the block with a task still running would break the group's promise: wait on.
				interruptedWhileClosing = true;
			}
		}
		this.signal.detach();
		if (interruptedWhileClosing) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Waits until no task of the group is active, then moves the group to its end state at once, so that no submit
	 * slips in between; once the group has stopped itself, it interrupts, a grace later, the tasks that did not heed
	 * the signal.
	 * @param end the state once the wait is over, or the timeout passed
	 * @return false if the timeout passed first
	 */
	private boolean awaitEnded(long timeoutNanos, State end) throws InterruptedException {
		long start = System.nanoTime();
		long grace = StopSignal.saturatedNanos(this.worker.interruptGrace());
		this.lock.lock();
		try {
			while (this.unfinished > 0) {
				long now = System.nanoTime();
				long wait = timeoutNanos - (now - start);
				if (wait <= 0) {
					moveTo(end);
					return false;
				}
				if (this.stoppedItself && !this.interrupted) {
					long sinceStop = now - this.stoppedAtNanos;
					if (sinceStop >= grace) {
						interruptActive();
						continue;
					}
					wait = Math.min(wait, grace - sinceStop);
				}
				this.changed.awaitNanos(wait);
			}
			moveTo(end);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Guarded by {@link #lock}. */
	private void moveTo(State end) {
		if (this.state != State.CLOSED) {
			this.state = end;
		}
	}

	/** Guarded by {@link #lock}: only the tasks that ignored the signal are still active. */
	private void interruptActive() {
		this.interrupted = true;
		running().forEach(TaskRun::interruptForStop);
	}

	/** Guarded by {@link #lock}: the accepted tasks that have not ended. */
	private List<TaskRun<T>> running() {
		return new ArrayList<>(this.running);
	}

	private String timeoutMessage(long timeoutNanos) {
		this.lock.lock();
		try {
			return "Task group of worker '" + this.worker.name() + "' timed out after "
					+ TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms with " + this.unfinished + " of "
					+ this.futures.size() + " tasks still running; the group was stopped";
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The results in submit order, or the exception that says why there are none. */
	private List<T> outcome() {
		String worker = this.worker.name();
		this.lock.lock();
		try {
			if (!this.failures.isEmpty()) {
				Throwable first = this.failures.get(0);
				int more = this.failures.size() - 1;
				TaskGroupException failed = new TaskGroupException(worker, Reason.FAILED,
						"Task group of worker '" + worker + "' failed: " + first + ((more == 0) ? ""
								: "; " + more + " more " + ((more == 1) ? "failure" : "failures") + " suppressed"),
						first);
				this.failures.subList(1, this.failures.size()).forEach(failed::addSuppressed);
				throw failed;
			}
			List<T> results = new ArrayList<>(this.futures.size());
			Throwable firstUnfinished = null;
			int unfinished = 0;
			for (CompletableFuture<T> future : this.futures) {
				if (future.isCompletedExceptionally()) {
					unfinished++;
					firstUnfinished = (firstUnfinished != null) ? firstUnfinished : failureOf(future);
				}
				else {
					results.add(future.getNow(null));
				}
			}
			if (unfinished > 0) {
				throw new TaskGroupException(worker, Reason.STOPPED, "Task group of worker '" + worker
						+ "' stopped before " + unfinished + " of " + this.futures.size() + " tasks completed",
						firstUnfinished);
			}
			return Collections.unmodifiableList(results);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Guarded by {@link #lock}. */
	private void checkOpen(String call) {
		if (this.state != State.OPEN) {
			throw new IllegalStateException("Task group of worker '" + this.worker.name() + "' was already "
					+ ((this.state == State.JOINED) ? "joined" : "closed") + ": " + call
					+ " is allowed only before the group is joined or closed");
		}
	}

	private static @Nullable Throwable failureOf(CompletableFuture<?> done) {
		try {
			done.getNow(null);
			return null;
		}
		catch (CompletionException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
		catch (CancellationException ex) {
			return ex;
		}
	}

	@Override
	public String toString() {
		return "task group of worker '" + this.worker.name() + "'";
	}

}
