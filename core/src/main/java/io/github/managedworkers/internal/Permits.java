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
 * A worker's permits: a resilience4j {@link Bulkhead} that never waits, and a wait of our own in front of it. The
 * bulkhead's own timed wait cannot be woken by a drain (its waiters would sit out {@code maxWait}) and swallows an
 * interrupt; this wait wakes on a freed permit, a drain or a resize, and tells an interrupt apart.
 */
final class Permits {

	private final Bulkhead bulkhead;

	private final Duration maxWait;

	private volatile int limit;

	/** Guarded by {@code this}: the bulkhead's own size, which only grows (its shrink blocks until permits free). */
	private int configured;

	/** Guarded by {@code this}: permits taken out of use by a shrink. */
	private int withheld;

	/** Permits a shrink still has to take out of use as running tasks release them; read on every release. */
	private volatile int debt;

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
		return this.bulkhead.getMetrics().getAvailableConcurrentCalls();
	}

	/** Takes a permit if one is free now. */
	boolean tryAcquire() {
		return this.bulkhead.tryAcquirePermission();
	}

	/**
	 * Takes a permit, waiting up to {@code maxWait} for one while {@code open} holds.
	 * @return {@code null} once a permit is taken; else {@link Reason#FULL}, {@link Reason#INTERRUPTED} (the flag is
	 * set again) or {@link Reason#STOPPING} when {@code open} stopped holding
	 */
	@Nullable Reason acquire(BooleanSupplier open) {
		if (this.bulkhead.tryAcquirePermission()) {
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
					if (this.bulkhead.tryAcquirePermission()) {
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
		if (this.debt > 0 && withholdReleased()) {
			return;
		}
		this.bulkhead.onComplete();
		if (this.waiters.get() > 0) {
			signal(false);
		}
	}

	/** Keeps a released permit out of use, for a shrink that found it busy. */
	private synchronized boolean withholdReleased() {
		if (this.debt == 0) {
			return false;
		}
		this.debt--;
		this.withheld++;
		return true;
	}

	/** Wakes every waiter to look again: the worker stopped taking work. */
	void wakeAll() {
		signal(true);
	}

	/**
	 * Changes the limit at once. Growing wakes the waiters; shrinking interrupts nothing and waits for nothing: it
	 * takes the free permits out of use now, and the busy ones as their tasks release them, so that new tasks wait
	 * until fewer than the new limit run. (resilience4j's own shrink would block the caller until enough tasks end.)
	 */
	synchronized void resize(int newLimit) {
		int change = newLimit - this.limit;
		if (change < 0) {
			int need = -change;
			while (need > 0 && this.bulkhead.tryAcquirePermission()) {
				this.withheld++;
				need--;
			}
			this.debt += need; // paid by the next releases, never by waiting here
		}
		else if (change > 0) {
			int cancelled = Math.min(this.debt, change);
			this.debt -= cancelled;
			change -= cancelled;
			for (; change > 0 && this.withheld > 0; change--) {
				this.withheld--;
				this.bulkhead.onComplete();
			}
			if (change > 0) {
				this.configured += change;
				this.bulkhead.changeConfig(config(this.configured)); // growing never blocks
			}
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
