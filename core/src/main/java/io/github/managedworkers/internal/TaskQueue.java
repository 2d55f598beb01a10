package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.RejectedTaskException.Reason;

/**
 * A worker's bounded queue of accepted tasks that wait for a permit without a thread, first in, first out: Go's
 * buffered channel. A submit that finds it full waits for room, as long as the worker's {@code maxWait}. A drain
 * closes it at its deadline and takes what is left, so that every task ever queued either starts or is handed back.
 * It waits on a {@link ReentrantLock} rather than a monitor: submitters are often virtual threads, which a monitor
 * wait pins to their carrier before Java 24.
 */
final class TaskQueue {

	private final int capacity;

	private final ReentrantLock lock = new ReentrantLock();

	/** Signalled when a task leaves the queue, and to all when the worker stops taking work. */
	private final Condition room = this.lock.newCondition();

	/** Guarded by {@link #lock}. */
	private final ArrayDeque<TaskRun<?>> runs = new ArrayDeque<>();

	/** Guarded by {@link #lock}: set by a drain's deadline; nothing enters or leaves after. */
	private boolean closed;

	/** The queue's length, read without the lock by gauges and by a submit's fast path. */
	private volatile int size;

	TaskQueue(int capacity) {
		this.capacity = capacity;
	}

	int capacity() {
		return this.capacity;
	}

	int size() {
		return this.size;
	}

	/**
	 * Queues a task, waiting up to {@code maxWait} for room while {@code open} holds.
	 * @param accepted runs under the queue's lock just before the task becomes visible to whoever starts it
	 * @return {@code null} once queued; else {@link Reason#FULL}, {@link Reason#STOPPING} when {@code open} stopped
	 * holding, or {@link Reason#INTERRUPTED} (the flag is set again)
	 */
	@Nullable Reason offer(TaskRun<?> run, Duration maxWait, BooleanSupplier open, Runnable accepted) {
		long deadline = System.nanoTime() + StopSignal.saturatedNanos(maxWait);
		try {
			this.lock.lockInterruptibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Reason.INTERRUPTED;
		}
		try {
			while (true) {
				if (this.closed || !open.getAsBoolean()) {
					return Reason.STOPPING;
				}
				if (this.runs.size() < this.capacity) {
					accepted.run();
					this.runs.addLast(run);
					this.size = this.runs.size();
					return null;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return Reason.FULL;
				}
				this.room.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Reason.INTERRUPTED;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes the oldest task, and lets {@code track} track it while the queue is locked, so that a drain that closes
	 * the queue finds every task taken before it tracked.
	 * @return the task, or {@code null} when the queue is empty or closed
	 */
	@Nullable TaskRun<?> poll(Consumer<TaskRun<?>> track) {
		this.lock.lock();
		try {
			if (this.closed) {
				return null;
			}
			TaskRun<?> run = this.runs.pollFirst();
			if (run != null) {
				this.size = this.runs.size();
				this.room.signal();
				track.accept(run);
			}
			return run;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Wakes the submitters waiting for room, to see that the worker stopped taking work. */
	void wakeAll() {
		this.lock.lock();
		try {
			this.room.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Closes the queue for good (until the worker starts again, {@link #reopen()}).
	 * @return the tasks that never left it, oldest first
	 */
	List<TaskRun<?>> close() {
		this.lock.lock();
		try {
			this.closed = true;
			List<TaskRun<?>> left = new ArrayList<>(this.runs);
			this.runs.clear();
			this.size = 0;
			this.room.signalAll();
			return left;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Opens the queue of a worker that starts again. */
	void reopen() {
		this.lock.lock();
		try {
			this.closed = false;
		}
		finally {
			this.lock.unlock();
		}
	}

}
