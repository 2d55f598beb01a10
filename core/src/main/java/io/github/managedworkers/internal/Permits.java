package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;

import io.github.managedworkers.RejectedTaskException.Reason;

/**
 * A worker's permits: a resilience4j {@link Bulkhead} that never waits, a limit in front of it that a resize changes
 * in constant time, and a wait of our own. The bulkhead's own timed wait cannot be woken by a drain (its waiters would
 * sit out {@code maxWait}) and swallows an interrupt; this wait wakes on a freed permit, a drain or a resize, and tells
 * an interrupt apart. The bulkhead's own shrink blocks until enough permits free, and taking permits out one by one
 * took 22 s for a resize from 2,147,483,647 to 1; so the bulkhead only grows, to the largest limit so far, and the
 * limit in force is {@link #limit} against {@link #inUse}.
 */
final class Permits {

	private final Bulkhead bulkhead;

	private final Duration maxWait;

	/** The limit in force: a task takes a permit only while fewer than this many hold one. */
	private volatile int limit;

	/** Permits held now; may exceed {@link #limit} right after a shrink, until running tasks end. */
	private final AtomicInteger inUse = new AtomicInteger();

	/** Guarded by {@code this}: the bulkhead's own size, the largest limit so far. */
	private int configured;

	private final ReentrantLock lock = new ReentrantLock();

	/** Signalled when a permit frees, and to all when the worker stops taking work or the limit changes. */
	private final Condition changed = this.lock.newCondition();

	/** Read on every release: the lock is taken only when somebody waits. */
	private final AtomicInteger waiters = new AtomicInteger();

	Permits(String worker, int limit, Duration maxWait) {
		this.bulkhead = Bulkhead.of(worker, config(limit));
		this.maxWait = maxWait;
		this.limit = limit;
		this.configured = limit;
	}

	private static BulkheadConfig config(int limit) {
		return BulkheadConfig.custom()
			.maxConcurrentCalls(limit)
			.maxWaitDuration(Duration.ZERO)
			.writableStackTraceEnabled(false)
			.build();
	}

	int limit() {
		return this.limit;
	}

	Duration maxWait() {
		return this.maxWait;
	}

	int available() {
		return Math.max(0, this.limit - this.inUse.get());
	}

	/** Takes a permit if one is free now. */
	boolean tryAcquire() {
		int held;
		do {
			held = this.inUse.get();
			if (held >= this.limit) {
				return false;
			}
		}
		while (!this.inUse.compareAndSet(held, held + 1));
		// Sized to the largest limit so far, the bulkhead has a permit for every holder.
		if (this.bulkhead.tryAcquirePermission()) {
			return true;
		}
		this.inUse.decrementAndGet();
		return false;
	}

	/**
	 * Takes a permit, waiting up to {@code maxWait} for one while {@code open} holds.
	 * @return {@code null} once a permit is taken; else {@link Reason#FULL}, {@link Reason#INTERRUPTED} (the flag is
	 * set again) or {@link Reason#STOPPING} when {@code open} stopped holding
	 */
	@Nullable Reason acquire(BooleanSupplier open) {
		if (tryAcquire()) {
			return null;
		}
		return this.maxWait.isZero() ? Reason.FULL : awaitPermit(open);
	}

	private @Nullable Reason awaitPermit(BooleanSupplier open) {
		long deadline = System.nanoTime() + StopSignal.saturatedNanos(this.maxWait);
		// Counted before the retry below, so that a release between a failed try and the wait signals this waiter.
		this.waiters.incrementAndGet();
		try {
			this.lock.lockInterruptibly();
			try {
				while (true) {
					if (!open.getAsBoolean()) {
						return Reason.STOPPING;
					}
					if (tryAcquire()) {
						return null;
					}
					long remaining = deadline - System.nanoTime();
					if (remaining <= 0) {
						return Reason.FULL;
					}
					this.changed.awaitNanos(remaining);
				}
			}
			finally {
				// A signal this waiter consumed without taking the permit goes on to the next one.
				if (this.waiters.get() > 1 && available() > 0) {
					this.changed.signal();
				}
				this.lock.unlock();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Reason.INTERRUPTED;
		}
		finally {
			this.waiters.decrementAndGet();
		}
	}

	void release() {
		this.bulkhead.onComplete();
		this.inUse.decrementAndGet();
		if (this.waiters.get() > 0) {
			signal(false);
		}
	}

	/** Wakes every waiter to look again: the worker stopped taking work. */
	void wakeAll() {
		signal(true);
	}

	/**
	 * Changes the limit at once, in constant time. Growing wakes the waiters; shrinking interrupts nothing and waits
	 * for nothing: new tasks wait until fewer than the new limit run.
	 */
	synchronized void resize(int newLimit) {
		if (newLimit > this.configured) {
			this.configured = newLimit;
			this.bulkhead.changeConfig(config(newLimit)); // growing releases the difference at once, never blocks
		}
		this.limit = newLimit;
		signal(true);
	}

	private void signal(boolean all) {
		this.lock.lock();
		try {
			if (all) {
				this.changed.signalAll();
			}
			else {
				this.changed.signal();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
