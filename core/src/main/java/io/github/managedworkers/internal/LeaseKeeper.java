package io.github.managedworkers.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
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
 * Keeps an exclusive worker's lease: the body of the worker's {@code <name>.lease} worker, a state machine
 * ({@link State}) whose every transition is made here. Its body thread makes every store call (a store's locks may
 * belong to the thread that took them); a watchdog task of the same worker fences on the keeper's own monotonic
 * clock, so that a store call that hangs (a database cut off) cannot keep the body running past its lease.
 * <p>
 * Timeline of a lease taken or renewed at {@code t} (read before the store call, so the local deadline is never
 * later than the store's): the lease expires in the store at {@code t + ttl}; the leader renews at
 * {@code t + renewInterval}; if it has not renewed by {@code t + ttl - renewInterval} it fences: it stops the worker
 * with {@link StopCause#LEASE_LOST}, waits {@code renewInterval / 2} for its tasks and then interrupts them, so
 * that the worker is drained before the lease can expire anywhere else.
 * <p>
 * Invariants (the randomized {@code LeaseInvariantTests} checks them across three instances):
 * <ul>
 * <li>A body runs only while the lease is held and its local deadline has not passed: the keeper leads only after
 * the store granted the lease, and only if the grant came back before the fence time of a lease taken when the
 * call began; it fences at that time on every later lease.</li>
 * <li>The lease is released only after a complete, clean drain of the body and of every task of the worker: the
 * worker's last drain has reported and no task of it (body, submitted task, abandoned task) is alive. Until then
 * the keeper keeps renewing; a task that outlives its drain holds the lease until it ends.</li>
 * <li>A worker that is not running and has nothing alive holds no lease longer than one renew interval: its keeper
 * releases at its next step, and retries a release that failed until the store confirms it or the lease expired.
 * </li>
 * <li>A stop-then-start, in any order and however fast, ends with the worker running on exactly one instance: a
 * leader whose worker is anything but running steps down (drains, releases), and takes the lease again only once
 * nothing of the previous run is alive.</li>
 * </ul>
 */
final class LeaseKeeper {

	private static final Logger logger = LoggerFactory.getLogger(LeaseStore.class);

	/** Where the keeper is; every transition is made under the keeper's monitor. */
	enum State {

		/** Holds no lease; takes it when the worker is STANDBY and nothing of a previous run is alive. */
		STANDBY,

		/** A {@code tryAcquire} is under way. */
		ACQUIRING,

		/** Holds the lease; the worker runs its body; the lease is renewed every interval. */
		LEADING,

		/**
		 * Could not renew in time, or the store said the lease is gone: the worker drains with LEASE_LOST before
		 * the lease can expire; the lease is released once the drain is clean.
		 */
		FENCING,

		/**
		 * The worker stopped, failed or was restarted while leading: the lease is still renewed until the drain is
		 * complete and clean.
		 */
		DRAINING,

		/** Giving the lease back; a release that fails is retried until the lease expires. */
		RELEASING,

		/** The keeper's worker stopped. */
		STOPPED

	}

	private final WorkerRuntime worker;

	private final String key;

	private final LeaseSettings lease;

	private final WorkerSettings settings;

	private final LongSupplier clock;

	private final long ttlNanos;

	private final long renewNanos;

	/** Guarded by {@code this}. */
	private State state = State.STANDBY;

	/** Guarded by {@code this}: when the lease may expire in the store, on {@link #clock}. */
	private long deadline;

	/** Guarded by {@code this}. */
	private long nextRenew;

	/** Guarded by {@code this}. */
	private long nextAttempt;

	/** Guarded by {@code this}: the store said the lease is no longer ours. */
	private boolean lost;

	/** Guarded by {@code this}: the fence's drain ended (cleanly or not). */
	private boolean fenceEnded;

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
		synchronized (this) {
			if (this.state == State.STOPPED) {
				this.state = State.STANDBY;
				this.nextAttempt = this.clock.getAsLong();
			}
		}
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
			waitUntil(end, () -> this.pokes != seen || ctx.isStopping());
		}
	}

	/** Waits on this keeper's monitor until {@code done} or {@code end} (on {@link System#nanoTime()}). */
	private void waitUntil(long end, BooleanSupplier done) {
		synchronized (this) {
			try {
				while (!done.getAsBoolean()) {
					long remaining = end - System.nanoTime();
					if (remaining <= 0) {
						return;
					}
					TimeUnit.NANOSECONDS.timedWait(this, remaining);
				}
			}
			catch (InterruptedException ex) {
				// Only a drain interrupts, after its stop signal: the wait ends.
				Thread.currentThread().interrupt();
			}
		}
	}

	// One step of the store thread

	/**
	 * Does what is due in the current state: take the lease, renew it, release it.
	 * @return how long to wait before the next step, in nanoseconds, unless poked
	 */
	long storeStep() {
		long now = this.clock.getAsLong();
		return switch (state()) {
			case STANDBY -> standbyStep(now);
			case LEADING -> leadingStep(now);
			case DRAINING -> drainingStep(now);
			case FENCING -> fencingStep(now);
			case RELEASING -> releasingStep(now);
			case ACQUIRING, STOPPED -> this.renewNanos; // ACQUIRING is only ever seen by another thread
		};
	}

	private long standbyStep(long now) {
		if (this.worker.state() != WorkerState.STANDBY || this.worker.activeTasks() > 0) {
			// Not started, or stopped (a start pokes); or a task of an earlier run still alive: leading now would
			// run a second body beside it.
			return this.renewNanos;
		}
		synchronized (this) {
			if (now - this.nextAttempt < 0) {
				return this.nextAttempt - now;
			}
			this.state = State.ACQUIRING;
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
		long after = this.clock.getAsLong();
		if (!won) {
			this.holder = holderQuietly();
			synchronized (this) {
				this.state = State.STANDBY;
				this.nextAttempt = now + this.renewNanos;
			}
			return this.renewNanos;
		}
		synchronized (this) {
			this.lost = false;
			this.deadline = now + this.ttlNanos;
			this.nextRenew = now + this.renewNanos;
			if (after - fenceTime() >= 0) {
				// The grant came back too late to run anything before the lease must be fenced.
				this.state = State.RELEASING;
			}
		}
		if (state() == State.RELEASING) {
			logger.warn("Worker '{}' got its lease after {} ms, past the {} ms it may run on a lease of {} ms: "
					+ "instance '{}' gives it back without running", this.key,
					TimeUnit.NANOSECONDS.toMillis(after - now),
					TimeUnit.NANOSECONDS.toMillis(this.ttlNanos - this.renewNanos), this.lease.ttl().toMillis(),
					this.lease.instanceId());
			return 0;
		}
		this.holder = this.lease.instanceId();
		this.expiresAt = expiry(now);
		// Still ACQUIRING for the watchdog, which acts only on LEADING and DRAINING: the body starts on a fresh lease.
		boolean led = this.worker.lead();
		synchronized (this) {
			// Not led: stopped between the check and the lease; nothing ran, so it goes straight back.
			this.state = led ? State.LEADING : State.RELEASING;
		}
		if (!led) {
			return 0;
		}
		logger.info("Worker '{}' leads: instance '{}' took its lease (ttl {} ms, renewed every {} ms)", this.key,
				this.lease.instanceId(), this.lease.ttl().toMillis(), this.lease.renewInterval().toMillis());
		this.settings.listeners().leadershipChanged(this.worker, LeadershipChange.GRANTED);
		poke();
		return this.renewNanos;
	}

	private long leadingStep(long now) {
		WorkerState current = this.worker.state();
		if (current != WorkerState.RUNNING && current != WorkerState.PAUSED) {
			// Stopping, stopped, failed, or already started again (STANDBY): the run this lease was taken for is over.
			stepDown(current);
			return 0;
		}
		return fenceOrRenew(now);
	}

	/** Fences if the lease may be gone, else renews it when due; what the store thread does while it holds one. */
	private long fenceOrRenew(long now) {
		return fenceIfDue(now) ? 0 : renewIfDue(now);
	}

	/** The worker no longer runs the body it led with: leadership ends, the lease stays until the drain is clean. */
	private void stepDown(WorkerState current) {
		synchronized (this) {
			if (this.state != State.LEADING) {
				return;
			}
			this.state = State.DRAINING;
		}
		this.expiresAt = null;
		logger.info("Worker '{}' is {}: instance '{}' gives its lease up once the worker's drain is clean", this.key,
				current, this.lease.instanceId());
		this.settings.listeners().leadershipChanged(this.worker, LeadershipChange.RELEASED);
	}

	private long drainingStep(long now) {
		if (drainedClean()) {
			toReleasing(State.DRAINING);
			return 0;
		}
		return fenceOrRenew(now);
	}

	private long fencingStep(long now) {
		synchronized (this) {
			if (!this.fenceEnded) {
				return this.renewNanos; // the fencer pokes when its drain ends
			}
		}
		if (drainedClean()) {
			this.worker.standby();
			toReleasing(State.FENCING);
			return 0;
		}
		// A task outlived the fence: keep the lease for as long as the store lets this instance have it.
		return renewIfDue(now);
	}

	private void toReleasing(State from) {
		synchronized (this) {
			if (this.state == from) {
				this.state = State.RELEASING;
			}
		}
	}

	private long releasingStep(long now) {
		try {
			this.lease.store().release(this.key);
			storeAnswered();
			logger.info("Worker '{}': instance '{}' released its lease", this.key, this.lease.instanceId());
		}
		catch (Exception ex) {
			storeFailed("release", ex);
			synchronized (this) {
				if (now - this.deadline < 0) {
					return Math.max(1, this.renewNanos / 4); // retried: forgetting it would leave it to expire
				}
			}
			logger.info("Worker '{}': its lease expired in the store before instance '{}' could release it",
					this.key, this.lease.instanceId());
		}
		synchronized (this) {
			if (this.state == State.RELEASING) {
				this.state = State.STANDBY;
				this.nextAttempt = this.clock.getAsLong();
			}
		}
		this.holder = null;
		this.expiresAt = null;
		return 0;
	}

	/** Renews the lease if the renewal is due; keeps it while leading, draining or fencing. */
	private long renewIfDue(long now) {
		synchronized (this) {
			if (now - this.nextRenew < 0) {
				return Math.min(this.nextRenew - now, Math.max(0, fenceTime() - now));
			}
			if (now - this.deadline >= 0) {
				return this.renewNanos; // expired in the store: a renewal can no longer be trusted
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
		boolean leading;
		synchronized (this) {
			if (failure == null && renewed) {
				this.deadline = now + this.ttlNanos;
				this.nextRenew = now + this.renewNanos;
			}
			else if (failure == null) {
				this.lost = true;
				this.nextRenew = after + this.renewNanos;
			}
			else {
				// Retry soon: a database that is back within the lease keeps the worker running.
				this.nextRenew = after + Math.max(1, this.renewNanos / 4);
			}
			leading = this.state == State.LEADING;
		}
		if (failure == null && renewed) {
			storeAnswered();
			if (leading) {
				this.expiresAt = expiry(now);
			}
		}
		else if (failure != null) {
			storeFailed("renew", failure);
		}
		fenceIfDue(after);
		return 0;
	}

	/**
	 * Fences the worker if its lease may be gone: the store said so, or the lease was not renewed in time.
	 * @return whether this call fenced it
	 */
	boolean fenceIfDue(long now) {
		String why;
		State from;
		synchronized (this) {
			from = this.state;
			if (from != State.LEADING && from != State.DRAINING) {
				return false;
			}
			if (!this.lost && now - fenceTime() < 0) {
				return false;
			}
			this.state = State.FENCING;
			this.fenceEnded = false;
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
		if (from == State.LEADING) {
			this.settings.listeners().leadershipChanged(this.worker, LeadershipChange.LOST);
		}
		try {
			fence(drainTimeout);
			if (drainedClean()) {
				this.worker.standby();
			}
		}
		finally {
			synchronized (this) {
				this.fenceEnded = true;
			}
			poke();
		}
		return true;
	}

	/** Drains the worker within {@code timeout} plus the grace, whatever drain was under way. */
	private void fence(Duration timeout) {
		WorkerState current = this.worker.state();
		if (current == WorkerState.RUNNING || current == WorkerState.PAUSED) {
			Drain.run(List.of(this.worker), timeout, this.settings.interruptGrace(), StopCause.LEASE_LOST);
			return;
		}
		// A drain is under way with its own, longer deadline (an operator stop, a shutdown), or a failed worker's
		// tasks are still running: they must end before the lease can expire, so they are cut short here.
		CompletableFuture<DrainReport> drain = (current == WorkerState.STOPPING) ? this.worker.drainDone() : null;
		if (drain != null && awaitQuietly(drain, timeout)) {
			return;
		}
		if (this.worker.activeTasks() > 0) {
			this.worker.interruptLive();
			if (drain != null) {
				awaitQuietly(drain, this.settings.interruptGrace());
			}
		}
	}

	private static boolean awaitQuietly(CompletableFuture<DrainReport> drain, Duration timeout) {
		try {
			drain.get(StopSignal.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
	}

	private long untilFence(long now) {
		synchronized (this) {
			if (this.state != State.LEADING && this.state != State.DRAINING) {
				return this.renewNanos;
			}
			return Math.max(0, fenceTime() - now);
		}
	}

	/** Guarded by {@code this}: when a lease taken or renewed at {@code deadline - ttl} must be fenced. */
	private long fenceTime() {
		return this.deadline - this.renewNanos;
	}

	/**
	 * The lease worker stops (a shutdown, a removal): the exclusive worker drains first, a fence under way ends, and
	 * the lease goes after, if the drain was clean; otherwise it is left to expire.
	 */
	void finish(StopCause cause) {
		State current = state();
		if (current == State.LEADING) {
			Drain.run(List.of(this.worker), this.settings.drainTimeout(), this.settings.interruptGrace(), cause);
			stepDown(WorkerState.STOPPED);
		}
		else if (current == State.FENCING) {
			awaitFenceEnd();
		}
		current = state();
		if (current == State.DRAINING || current == State.FENCING) {
			if (drainedClean()) {
				if (current == State.FENCING) {
					this.worker.standby();
				}
				toReleasing(current);
			}
			else {
				logger.warn("Worker '{}' still has {} tasks alive as its lease keeper stops: instance '{}' keeps the "
						+ "lease until it expires ({} ms), so that no other instance runs beside them", this.key,
						this.worker.activeTasks(), this.lease.instanceId(), this.lease.ttl().toMillis());
			}
		}
		if (state() == State.RELEASING) {
			releasingStep(this.clock.getAsLong());
			if (state() == State.RELEASING) {
				logger.warn("Worker '{}' could not release its lease as its keeper stops: it expires by itself "
						+ "within {} ms", this.key, this.lease.ttl().toMillis());
			}
		}
		synchronized (this) {
			this.state = State.STOPPED;
		}
		this.holder = null;
		this.expiresAt = null;
	}

	/** Waits, as long as a fence may take, for the watchdog's fence to end. */
	private void awaitFenceEnd() {
		waitUntil(System.nanoTime() + this.renewNanos / 2 + this.settings.interruptGrace().toNanos()
				+ TimeUnit.SECONDS.toNanos(1), () -> this.fenceEnded);
	}

	/**
	 * Whether the worker's drain is complete and clean: its last drain has reported, it does not run, and no task of
	 * it, body or submitted, abandoned or not, is alive. Releasing earlier would let two run.
	 */
	private boolean drainedClean() {
		WorkerState current = this.worker.state();
		if (current == WorkerState.RUNNING || current == WorkerState.PAUSED || current == WorkerState.STOPPING) {
			return false;
		}
		return this.worker.drainDone().isDone() && this.worker.activeTasks() == 0;
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

	State state() {
		synchronized (this) {
			return this.state;
		}
	}

	@Nullable String holder() {
		return this.holder;
	}

	LeaseStatus status() {
		boolean leading = state() == State.LEADING;
		return new LeaseStatus(leading ? LeaseStatus.Role.LEADER : LeaseStatus.Role.STANDBY,
				this.lease.instanceId(), this.holder, leading ? this.expiresAt : null);
	}

}
