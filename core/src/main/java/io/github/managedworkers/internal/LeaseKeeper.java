package io.github.managedworkers.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.managedworkers.DrainReport;
import io.github.managedworkers.LeadershipChange;
import io.github.managedworkers.LeaseStatus;
import io.github.managedworkers.LeaseStore;
import io.github.managedworkers.StopCause;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerState;

/**
 * Keeps an exclusive worker's lease: the body of the worker's {@code <name>.lease} worker. Its body thread makes
 * every store call (a store's locks may belong to the thread that took them); a watchdog task of the same worker
 * fences on the keeper's own monotonic clock, so that a store call that hangs (a database cut off) cannot keep the
 * body running past its lease.
 * <p>
 * Timeline of a lease taken or renewed at {@code t} (read before the store call, so the local deadline is never
 * later than the store's): the lease expires in the store at {@code t + ttl}; the leader renews at
 * {@code t + renewInterval}; if it has not renewed by {@code t + ttl - renewInterval} it fences: it stops the worker
 * with {@link StopCause#LEASE_LOST}, waits {@code renewInterval / 2} for its tasks and then interrupts them, so
 * that the worker is drained before the lease can expire anywhere else. After the drain the worker goes back to
 * {@link WorkerState#STANDBY} and the keeper tries to take the lease again. On shutdown, an operator stop or a
 * removal the worker drains first, and the keeper releases the lease after.
 */
final class LeaseKeeper {

	private static final Logger logger = LoggerFactory.getLogger(LeaseStore.class);

	enum Role {

		/** Waiting to take the lease; the worker is STANDBY (or stopped). */
		STANDBY,

		/** Holds the lease; the worker runs. */
		LEADING,

		/** Could not renew in time: the worker drains with LEASE_LOST. */
		FENCING,

		/** Fenced: the lease is released (best effort) by the store thread before anything else. */
		FENCED

	}

	private final WorkerRuntime worker;

	private final String key;

	private final LeaseSettings lease;

	private final WorkerSettings settings;

	private final LongSupplier clock;

	private final long ttlNanos;

	private final long renewNanos;

	/** Guarded by {@code this}. */
	private Role role = Role.STANDBY;

	/** Guarded by {@code this}: when the lease may expire in the store, on {@link #clock}. */
	private long deadline;

	/** Guarded by {@code this}. */
	private long nextRenew;

	/** Guarded by {@code this}. */
	private long nextAttempt;

	/** Guarded by {@code this}: the store said the lease is no longer ours. */
	private boolean lost;

	/** Guarded by {@code this}: store failures in a row, for the log. */
	private int failures;

	/** Guarded by {@code this}: wakes both loops when it changes. */
	private long pokes;

	private volatile @Nullable String holder;

	private volatile @Nullable Instant expiresAt;

	LeaseKeeper(WorkerRuntime worker, LeaseSettings lease, WorkerSettings settings, LongSupplier clock) {
		this.worker = worker;
		this.key = worker.name();
		this.lease = lease;
		this.settings = settings;
		this.clock = clock;
		this.ttlNanos = lease.ttl().toNanos();
		this.renewNanos = lease.renewInterval().toNanos();
		this.nextAttempt = clock.getAsLong();
	}

	// The two loops

	/** The lease worker's body: all store calls happen here, on one thread. */
	void run(WorkerContext ctx) {
		ctx.onStop(this::poke);
		ctx.submit((task) -> watch(task)).exceptionally((ex) -> {
			logger.warn("The lease watchdog of worker '{}' did not start ({}); its keeper fences between store calls "
					+ "only", this.key, ex.getMessage());
			return null;
		});
		while (!ctx.isStopping()) {
			long wait;
			try {
				wait = storeStep();
			}
			catch (RuntimeException ex) {
				logger.error("The lease keeper of worker '{}' failed; it goes on", this.key, ex);
				wait = this.renewNanos;
			}
			await(wait, ctx);
		}
		finish(ctx.stopCause().orElse(StopCause.DRAIN));
	}

	/** The watchdog task: fences on time even while the body thread hangs in a store call. */
	@Nullable Void watch(WorkerContext ctx) {
		ctx.onStop(this::poke);
		while (!ctx.isStopping()) {
			long now = this.clock.getAsLong();
			await(fenceIfDue(now) ? 0 : untilFence(now), ctx);
		}
		return null;
	}

	void poke() {
		synchronized (this) {
			this.pokes++;
			notifyAll();
		}
	}

	private void await(long nanos, WorkerContext ctx) {
		if (nanos <= 0) {
			return;
		}
		long end = System.nanoTime() + nanos;
		synchronized (this) {
			long seen = this.pokes;
			try {
				while (this.pokes == seen && !ctx.isStopping()) {
					long remaining = end - System.nanoTime();
					if (remaining <= 0) {
						return;
					}
					TimeUnit.NANOSECONDS.timedWait(this, remaining);
				}
			}
			catch (InterruptedException ex) {
				// Only a drain interrupts, after its stop signal: the loop ends.
				Thread.currentThread().interrupt();
			}
		}
	}

	// One step of the store thread

	/**
	 * Does what is due: take the lease, renew it, release it.
	 * @return how long to wait before the next step, in nanoseconds, unless poked
	 */
	long storeStep() {
		long now = this.clock.getAsLong();
		Role current;
		synchronized (this) {
			current = this.role;
		}
		return switch (current) {
			case STANDBY -> standbyStep(now);
			case LEADING -> leadingStep(now);
			case FENCING -> this.renewNanos;
			case FENCED -> {
				releaseAfterFence();
				yield 0;
			}
		};
	}

	private long standbyStep(long now) {
		if (this.worker.state() != WorkerState.STANDBY) {
			return this.renewNanos; // not started, or stopped: a start pokes
		}
		synchronized (this) {
			if (now - this.nextAttempt < 0) {
				return this.nextAttempt - now;
			}
		}
		boolean won;
		try {
			won = this.lease.store().tryAcquire(this.key, this.lease.ttl());
			storeAnswered();
		}
		catch (Exception ex) {
			storeFailed("take", ex);
			won = false;
		}
		if (!won) {
			this.holder = holderQuietly();
			synchronized (this) {
				this.nextAttempt = now + this.renewNanos;
			}
			return this.renewNanos;
		}
		synchronized (this) {
			this.role = Role.LEADING;
			this.lost = false;
			this.deadline = now + this.ttlNanos;
			this.nextRenew = now + this.renewNanos;
		}
		this.holder = this.lease.instanceId();
		this.expiresAt = expiry(now);
		if (!this.worker.lead()) {
			// Stopped or drained between the check and the lease: give it straight back.
			synchronized (this) {
				this.role = Role.STANDBY;
			}
			release("the worker stopped as it took the lease");
			return this.renewNanos;
		}
		logger.info("Worker '{}' leads: instance '{}' took its lease (ttl {} ms, renewed every {} ms)", this.key,
				this.lease.instanceId(), this.lease.ttl().toMillis(), this.lease.renewInterval().toMillis());
		this.settings.listeners().leadershipChanged(this.worker, LeadershipChange.GRANTED);
		poke();
		return this.renewNanos;
	}

	private long leadingStep(long now) {
		WorkerState state = this.worker.state();
		if (state == WorkerState.STOPPED || state == WorkerState.FAILED || state == WorkerState.NEW) {
			stepDown(state);
			return 0;
		}
		if (fenceIfDue(now)) {
			return 0;
		}
		synchronized (this) {
			if (now - this.nextRenew < 0) {
				return Math.min(this.nextRenew - now, Math.max(0, this.deadline - this.renewNanos - now));
			}
		}
		boolean renewed = false;
		Exception failure = null;
		try {
			renewed = this.lease.store().renew(this.key, this.lease.ttl());
		}
		catch (Exception ex) {
			failure = ex;
		}
		long after = this.clock.getAsLong();
		synchronized (this) {
			if (this.role != Role.LEADING) {
				return 0; // fenced while the store answered
			}
			if (failure == null && renewed) {
				this.deadline = now + this.ttlNanos;
				this.nextRenew = now + this.renewNanos;
			}
			else if (failure == null) {
				this.lost = true;
			}
			else {
				// Retry soon: a database that is back within the lease keeps the worker running.
				this.nextRenew = after + Math.max(1, this.renewNanos / 4);
			}
		}
		if (failure == null && renewed) {
			storeAnswered();
			this.expiresAt = expiry(now);
		}
		else if (failure != null) {
			storeFailed("renew", failure);
		}
		else {
			fenceIfDue(after);
		}
		return 0;
	}

	/** The worker stopped by itself (an operator, a failure): the lease goes, so that another instance runs it. */
	private void stepDown(WorkerState state) {
		synchronized (this) {
			if (this.role != Role.LEADING) {
				return;
			}
			this.role = Role.STANDBY;
			this.nextAttempt = this.clock.getAsLong();
		}
		this.expiresAt = null;
		if (drainedClean()) {
			if (release("the worker is " + state)) {
				logger.info("Worker '{}' is {}: instance '{}' released its lease after the drain", this.key, state,
						this.lease.instanceId());
			}
		}
		this.holder = null;
		this.settings.listeners().leadershipChanged(this.worker, LeadershipChange.RELEASED);
	}

	/**
	 * Fences the worker if its lease may be gone: the store said so, or the lease was not renewed in time.
	 * @return whether this call fenced it
	 */
	boolean fenceIfDue(long now) {
		String why;
		synchronized (this) {
			if (this.role != Role.LEADING) {
				return false;
			}
			long fenceAt = this.deadline - this.renewNanos;
			if (!this.lost && now - fenceAt < 0) {
				return false;
			}
			this.role = Role.FENCING;
			why = this.lost ? "the lease store says instance '" + this.lease.instanceId() + "' no longer holds it"
					: "it was not renewed for " + TimeUnit.NANOSECONDS.toMillis(now - (this.deadline - this.ttlNanos))
							+ " ms and expires in the store within " + TimeUnit.NANOSECONDS.toMillis(this.deadline - now)
							+ " ms";
		}
		this.expiresAt = null;
		this.holder = null;
		Duration drainTimeout = this.lease.renewInterval().dividedBy(2);
		logger.warn("Worker '{}' lost its lease ({}): it stops with cause LEASE_LOST and drains within {} ms, before "
				+ "another instance can take the lease", this.key, why, drainTimeout.toMillis());
		this.settings.listeners().leadershipChanged(this.worker, LeadershipChange.LOST);
		Drain.run(List.of(this.worker), drainTimeout, this.settings.interruptGrace(), StopCause.LEASE_LOST);
		this.worker.standby();
		synchronized (this) {
			this.role = Role.FENCED;
		}
		poke();
		return true;
	}

	private long untilFence(long now) {
		synchronized (this) {
			if (this.role != Role.LEADING) {
				return this.renewNanos;
			}
			return Math.max(0, this.deadline - this.renewNanos - now);
		}
	}

	private void releaseAfterFence() {
		// The lease may belong to another instance by now; a store deletes only its own.
		try {
			this.lease.store().release(this.key);
		}
		catch (Exception ex) {
			logger.debug("Worker '{}' did not release its lease after fencing: {}", this.key, ex.toString());
		}
		synchronized (this) {
			if (this.role == Role.FENCED) {
				this.role = Role.STANDBY;
				this.nextAttempt = this.clock.getAsLong();
			}
		}
	}

	/** The lease worker stops: the exclusive worker drains first, and the lease goes after. */
	void finish(StopCause cause) {
		Role current;
		synchronized (this) {
			current = this.role;
		}
		if (current == Role.FENCED) {
			releaseAfterFence();
			return;
		}
		if (current != Role.LEADING) {
			return; // STANDBY has nothing to give back; FENCING: the lease expires by itself
		}
		DrainReport report = Drain.run(List.of(this.worker), this.settings.drainTimeout(),
				this.settings.interruptGrace(), cause);
		synchronized (this) {
			this.role = Role.STANDBY;
		}
		this.expiresAt = null;
		if (report.abandoned().isEmpty() && drainedClean()) {
			if (release("shutting down")) {
				logger.info("Worker '{}' drained; instance '{}' released its lease", this.key,
						this.lease.instanceId());
			}
		}
		this.holder = null;
		this.settings.listeners().leadershipChanged(this.worker, LeadershipChange.RELEASED);
	}

	/** Whether the worker's last drain left no task behind: releasing with a task alive would let two run. */
	private boolean drainedClean() {
		DrainReport last = this.worker.drainDone().getNow(null);
		if (last != null && !last.abandoned().isEmpty()) {
			logger.warn("Worker '{}' abandoned {} tasks in its drain: its lease is not released, it expires in {} ms",
					this.key, last.abandoned().size(), this.lease.ttl().toMillis());
			return false;
		}
		return true;
	}

	private boolean release(String why) {
		try {
			this.lease.store().release(this.key);
			return true;
		}
		catch (Exception ex) {
			logger.warn("Worker '{}' could not release its lease ({}): it expires by itself within {} ms", this.key,
					why, this.lease.ttl().toMillis(), ex);
			return false;
		}
	}

	private @Nullable String holderQuietly() {
		try {
			return this.lease.store().holder(this.key);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private void storeAnswered() {
		synchronized (this) {
			this.failures = 0;
		}
	}

	private void storeFailed(String what, Exception ex) {
		int count;
		synchronized (this) {
			count = ++this.failures;
		}
		// The first failure with its stack, then one line now and then: a database that is down fails every try.
		if (count == 1) {
			logger.warn("Worker '{}' could not {} its lease", this.key, what, ex);
		}
		else if (count % 20 == 0) {
			logger.warn("Worker '{}' could not {} its lease ({} failures in a row): {}", this.key, what, count,
					ex.toString());
		}
	}

	private Instant expiry(long takenAt) {
		return Instant.now().plusNanos(this.ttlNanos - (this.clock.getAsLong() - takenAt));
	}

	// Looking at it

	Role role() {
		synchronized (this) {
			return this.role;
		}
	}

	@Nullable String holder() {
		return this.holder;
	}

	LeaseStatus status() {
		boolean leading = role() == Role.LEADING;
		return new LeaseStatus(leading ? LeaseStatus.Role.LEADER : LeaseStatus.Role.STANDBY,
				this.lease.instanceId(), this.holder, leading ? this.expiresAt : null);
	}

}
