package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.managedworkers.LeaseStore;
import io.github.managedworkers.RestartPolicy;
import io.github.managedworkers.StopCause;
import io.github.managedworkers.ThreadMode;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.WorkerState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The lease keeper's invariants under thousands of seeded random schedules: three instances of one exclusive worker
 * share one lease store; each schedule starts, stops, restarts, removes, triggers and pauses them, fails their
 * bodies, makes bodies ignore their stop signal and interrupts, and makes the store slow, unreachable or forgetful,
 * while the test moves the keepers' clock and steps them as their threads would. After every step:
 * <ul>
 * <li>never two live bodies;</li>
 * <li>never a lease held by an instance with nothing alive for longer than one renew interval;</li>
 * <li>never a worker waiting in STANDBY, while no instance leads and nothing holds the lease back, for longer than
 * ttl + renew interval;</li>
 * </ul>
 * and at the end of each schedule, once every worker is started again, exactly one instance runs the body. The
 * documented limit is excused, and only it: a body that ignores its stop signal and interrupts while its instance
 * loses the lease in the store (the store unreachable past the fence, forgetting the lock, or the worker removed)
 * can overlap the next leader. A failing schedule prints its seed; {@code -Dlease.seed=<seed>} replays its
 * operations (the bodies' threads still interleave as they will).
 */
class LeaseInvariantTests {

	private static final long TTL = TimeUnit.MILLISECONDS.toNanos(60);

	private static final long RENEW = TimeUnit.MILLISECONDS.toNanos(20);

	private static final int SCHEDULES = Integer.getInteger("lease.schedules", 1000);

	private static final int OPERATIONS = 40;

	@ParameterizedTest(name = "{0} threads")
	@EnumSource(value = ThreadMode.class, names = { "PLATFORM", "VIRTUAL" })
	void invariantsHoldUnderRandomSchedules(ThreadMode mode) {
		assumeTrue(mode != ThreadMode.VIRTUAL || Runtime.version().feature() >= 21, "virtual threads need Java 21+");
		// Thousands of schedules log tens of thousands of expected warnings (lost leases, abandoned bodies).
		Map<ch.qos.logback.classic.Logger, ch.qos.logback.classic.Level> levels = new HashMap<>();
		for (Class<?> logged : List.of(LeaseStore.class, io.github.managedworkers.WorkerHandle.class,
				io.github.managedworkers.WorkerRegistry.class)) {
			ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(logged);
			levels.put(logger, logger.getLevel());
			logger.setLevel(ch.qos.logback.classic.Level.OFF);
		}
		try {
			runSchedules(mode);
		}
		finally {
			levels.forEach(ch.qos.logback.classic.Logger::setLevel);
		}
	}

	private static void runSchedules(ThreadMode mode) {
		Long replay = Long.getLong("lease.seed");
		long base = new Random().nextLong();
		int count = (replay != null) ? 1 : SCHEDULES;
		long started = System.nanoTime();
		for (int i = 0; i < count; i++) {
			long seed = (replay != null) ? replay : base + i;
			try {
				new Schedule(seed, mode).run();
			}
			catch (AssertionError | RuntimeException ex) {
				throw new AssertionError("Schedule with seed " + seed + " (" + mode
						+ " threads) broke an invariant; replay it with -Dlease.seed=" + seed + ": " + ex.getMessage(),
						ex);
			}
		}
		System.out.printf("LeaseInvariantTests: %d schedules of %d operations on %s threads in %d ms%n", count,
				OPERATIONS, mode, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
	}

	/** One schedule: three instances, one store, one clock, a seeded sequence of operations. */
	static final class Schedule {

		private final long seed;

		private final Random random;

		private final ThreadMode mode;

		private final AtomicLong clock = new AtomicLong(1_000_000_000L);

		private final Map<String, Lease> leases = new HashMap<>();

		private final List<Instance> instances = new ArrayList<>();

		/** Every body alive, on any instance. */
		private final List<Body> live = new CopyOnWriteArrayList<>();

		private final List<String> violations = new CopyOnWriteArrayList<>();

		private final List<String> trace = new ArrayList<>();

		private volatile CountDownLatch letGo = new CountDownLatch(1);

		/** The schedule's end: no body is stubborn any more. */
		private volatile boolean quiet;

		private long standbySince = -1;

		/** The last moment a fault (unreachable, slow, forgetful store) made the leader's change legitimately late. */
		private long lastFault = Long.MIN_VALUE / 2;

		/** The last moment a slow store call moved the clock. */
		private long lastJump = Long.MIN_VALUE / 2;

		Schedule(long seed, ThreadMode mode) {
			this.seed = seed;
			this.random = new Random(seed);
			this.mode = mode;
		}

		void run() {
			for (String id : List.of("a", "b", "c")) {
				Instance instance = new Instance(id);
				this.instances.add(instance);
				instance.add();
				instance.worker.start();
			}
			try {
				for (int i = 0; i < OPERATIONS; i++) {
					operate();
					ticks(1 + this.random.nextInt(3));
				}
				quiesce();
			}
			finally {
				this.letGo.countDown();
				for (Instance instance : this.instances) {
					instance.close();
				}
			}
		}

		private void operate() {
			Instance on = this.instances.get(this.random.nextInt(this.instances.size()));
			int pick = this.random.nextInt(100);
			String op;
			if (on.worker == null) {
				op = "add";
				on.add();
				on.worker.start();
			}
			else if (pick < 12) {
				op = "start";
				on.start();
			}
			else if (pick < 22) {
				op = "stop";
				on.worker.stop(Duration.ofMillis(5));
			}
			else if (pick < 32) {
				op = "restart";
				on.worker.stop(Duration.ofMillis(5));
				on.start();
			}
			else if (pick < 36) {
				op = "remove";
				on.remove();
			}
			else if (pick < 42) {
				op = "trigger";
				try {
					on.worker.trigger();
				}
				catch (IllegalStateException ex) {
					// not running: nothing to trigger
				}
			}
			else if (pick < 48) {
				op = "pause/resume";
				if (on.worker.isPaused()) {
					on.worker.resume();
				}
				else {
					on.worker.pause();
				}
			}
			else if (pick < 54) {
				op = "body fails";
				WorkerRuntime failing = on.worker;
				if (this.live.stream().anyMatch((body) -> body.instance.equals(on.id) && !body.stuck)
						&& on.running()) {
					on.failNow = true;
					soon()
						.until(() -> failing.state() != WorkerState.RUNNING && failing.state() != WorkerState.PAUSED);
					on.failNow = false;
				}
			}
			else if (pick < 60) {
				op = "stubborn body";
				on.stubbornNext = true;
				for (Body body : this.live) {
					if (body.instance.equals(on.id)) {
						body.stubborn = true;
					}
				}
			}
			else if (pick < 64) {
				op = "let stubborn bodies go";
				letGo();
			}
			else if (pick < 74) {
				op = "slow store call";
				on.store.slowNext = 1 + (long) (this.random.nextDouble() * 2 * TTL);
			}
			else if (pick < 84) {
				op = "failing store call";
				on.store.failNext = 1 + this.random.nextInt(3);
			}
			else if (pick < 90) {
				op = "store unreachable";
				on.store.unreachableUntil = now() + (long) (this.random.nextDouble() * 2 * TTL);
			}
			else if (pick < 94) {
				op = "store forgets the lease";
				forget();
			}
			else {
				op = "nothing";
			}
			this.trace.add(TimeUnit.NANOSECONDS.toMillis(now() - 1_000_000_000L) + "ms " + on.id + ": " + op);
			check();
		}

		private void letGo() {
			CountDownLatch previous = this.letGo;
			this.letGo = new CountDownLatch(1);
			previous.countDown();
			soon()
				.until(() -> this.live.stream().noneMatch((body) -> body.stuck && body.release == previous));
		}

		private static org.awaitility.core.ConditionFactory soon() {
			return await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
		}

		private void forget() {
			synchronized (this.leases) {
				Lease lease = this.leases.remove("reaper");
				if (lease != null) {
					// A store that forgets a lock hands it to the next comer before the holder can know: until its
					// keeper hears of it and steps down, the holder's bodies may overlap the next leader's.
					excuse(lease.holder);
					this.instances.stream()
						.filter((instance) -> instance.id.equals(lease.holder))
						.forEach((instance) -> instance.forgotten = true);
				}
			}
			this.lastFault = now();
		}

		/** Whether a body may overlap another: its instance lost the lease in a way no fence can make safe. */
		private boolean excused(Body body) {
			if (body.excused) {
				return true;
			}
			for (Instance instance : this.instances) {
				LeaseKeeper keeper = instance.keeper;
				if (instance.id.equals(body.instance)
						&& (instance.forgotten || (keeper != null && keeper.state() == LeaseKeeper.State.FENCING))) {
					return true;
				}
			}
			return false;
		}

		/** The bodies of that instance alive now are beyond fencing: they may overlap the next leader. */
		private void excuse(String instance) {
			for (Body body : this.live) {
				if (body.instance.equals(instance)) {
					body.excused = true;
				}
			}
		}

		/** Moves the clock a little, then steps every keeper as its two threads would, checking after each step. */
		private void ticks(int count) {
			for (int t = 0; t < count; t++) {
				this.clock.addAndGet((long) (this.random.nextDouble() * RENEW / 2));
				for (Instance instance : this.instances) {
					instance.step();
					String state = describe();
					if (!state.equals(this.lastState)) {
						this.lastState = state;
						this.trace.add("    " + TimeUnit.NANOSECONDS.toMillis(now() - 1_000_000_000L) + "ms " + state);
					}
					check();
				}
			}
		}

		/** Faults end, stubborn bodies go, every worker is started: exactly one instance must end up running it. */
		private void quiesce() {
			this.quiet = true;
			letGo();
			for (Instance instance : this.instances) {
				instance.store.quiet();
				if (instance.worker == null) {
					instance.add();
				}
				instance.start();
				instance.worker.resume();
			}
			this.trace.add("quiesce");
			long end = now() + TTL + 3 * RENEW;
			while (now() - end < 0) {
				ticks(1);
			}
			long running = this.instances.stream().filter(Instance::running).count();
			assertThat(running).as("instances running the worker once all are started (%s)\n%s", describe(), trace())
				.isEqualTo(1);
			assertThat(this.violations).as(trace()).isEmpty();
		}

		private void check() {
			assertThat(this.violations).as(trace()).isEmpty();
			long now = now();
			boolean leads = false;
			boolean waiting = false;
			boolean heldBack = false;
			for (Instance instance : this.instances) {
				boolean alive = instance.hasLiveWork();
				heldBack |= alive && !instance.running();
				leads |= instance.running();
				waiting |= instance.worker != null && instance.worker.state() == WorkerState.STANDBY;
				if (instance.keeper == null || instance.keeper.state() != LeaseKeeper.State.LEADING) {
					instance.forgotten = false;
				}
				if (instance.keeper != null && instance.keeper.state() == LeaseKeeper.State.FENCING) {
					excuse(instance.id); // fenced: a body still alive after the fence ignored its interrupts
				}
				// Held with nothing alive: released within one renew interval of the last failed store call.
				if (holds(instance.id) && !alive) {
					// A call that hung moved every keeper's clock, though only its own thread waited in truth.
					long from = Math.max(Math.max(instance.idleHolderSince(now), instance.store.lastFailure),
							this.lastJump);
					// A removed keeper may leave it to expire; so may one whose release failed until the lease was
					// past its own deadline (the store may see that deadline later: a slow renewal reached it late).
					boolean releaseFailed = instance.store.lastFailure > instance.idleHolderSince(now)
							&& instance.keeper != null && instance.keeper.state() == LeaseKeeper.State.STANDBY;
					long allowed = (instance.leftBehind || releaseFailed) ? TTL : RENEW;
					assertThat(now - from)
						.as("instance %s holds the lease with nothing alive\n%s", instance.id, trace())
						.isLessThanOrEqualTo(allowed);
				}
				else {
					instance.idleHolderSince = -1;
					instance.leftBehind &= holds(instance.id);
				}
			}
			if (waiting && !leads && !heldBack) {
				if (this.standbySince < 0) {
					this.standbySince = now;
				}
				long from = Math.max(this.standbySince, this.lastFault);
				for (Instance instance : this.instances) {
					from = Math.max(from, instance.store.lastFailure);
				}
				assertThat(now - from).as("a worker waits in STANDBY while no instance leads\n%s", trace())
					.isLessThanOrEqualTo(TTL + RENEW);
			}
			else {
				this.standbySince = -1;
			}
		}

		private String lastState = "";

		private String describe() {
			StringBuilder state = new StringBuilder();
			for (Instance instance : this.instances) {
				state.append(instance.id).append('=');
				if (instance.worker == null) {
					state.append("removed ");
					continue;
				}
				state.append(instance.worker.state()).append('/').append(instance.keeper.state()).append(' ');
			}
			synchronized (this.leases) {
				Lease lease = this.leases.get("reaper");
				state.append("lease=").append((lease != null && lease.expiresAt - now() > 0) ? lease.holder : "-");
			}
			state.append(" bodies=");
			for (Body body : this.live) {
				state.append(body.instance).append(body.stuck ? "(stuck)" : "").append(body.excused ? "(excused)" : "");
			}
			return state.toString();
		}

		private boolean holds(String id) {
			synchronized (this.leases) {
				Lease lease = this.leases.get("reaper");
				return lease != null && lease.holder.equals(id) && lease.expiresAt - now() > 0;
			}
		}

		private long now() {
			return this.clock.get();
		}

		private String trace() {
			return "seed " + this.seed + ", " + this.mode + " threads, operations:\n  "
					+ String.join("\n  ", this.trace) + "\nviolations: " + this.violations;
		}

		private record Lease(String holder, long expiresAt) {
		}

		/** A body run alive now. */
		final class Body {

			final String instance;

			final CountDownLatch release;

			volatile boolean stubborn;

			/** Ignoring its stop signal and interrupts until {@link #release}. */
			volatile boolean stuck;

			volatile boolean excused;

			Body(String instance, boolean stubborn, CountDownLatch release) {
				this.instance = instance;
				this.stubborn = stubborn;
				this.release = release;
			}

		}

		/** One instance: its view of the store, and its worker and keeper while it has them. */
		final class Instance {

			final String id;

			final Store store = new Store();

			@Nullable WorkerSettings settings;

			@Nullable WorkerRuntime worker;

			@Nullable LeaseKeeper keeper;

			volatile boolean failNow;

			volatile boolean stubbornNext;

			/** Removed while its keeper could not release: the lease expires by itself. */
			boolean leftBehind;

			/** The store forgot this instance's lease and its keeper has not heard yet. */
			volatile boolean forgotten;

			long idleHolderSince = -1;

			Instance(String id) {
				this.id = id;
			}

			void add() {
				this.settings = new WorkerSettings(WorkerThreads.of(Schedule.this.mode), new Listeners(List.of()), null,
						Duration.ofMillis(5), Duration.ofMillis(5), new AtomicLong(), (name) -> {
						});
				this.worker = new WorkerRuntime(this.settings, WorkerSpec.builder("reaper")
					.every("1h")
					.exclusive(true)
					.restart(RestartPolicy.NEVER)
					.build(), this::body);
				this.keeper = new LeaseKeeper(this.worker, LeaseSettings.of(this.store, Duration.ofNanos(TTL),
						Duration.ofNanos(RENEW), this.id), this.settings, Schedule.this.clock::get);
				this.worker.attachKeeper(this.keeper, null);
			}

			void start() {
				try {
					this.worker.start();
				}
				catch (IllegalStateException ex) {
					// stopping: a start comes again later
				}
			}

			/** As the registry removes a worker: it drains, then its keeper stops. */
			void remove() {
				this.worker.stop(Duration.ofMillis(5));
				this.keeper.finish(StopCause.DRAIN);
				this.leftBehind = holds(this.id);
				excuse(this.id);
				close();
			}

			void close() {
				WorkerRuntime current = this.worker;
				if (current == null) {
					return;
				}
				Drain.run(List.of(current), Duration.ofMillis(5), Duration.ofMillis(5), StopCause.DRAIN);
				this.keeper.finish(StopCause.DRAIN);
				this.settings.threads().retirePool(Duration.ofSeconds(1), false);
				this.worker = null;
				this.keeper = null;
				this.settings = null;
			}

			/** What the keeper's two threads would do now: the watchdog's check, then the store thread's steps. */
			void step() {
				LeaseKeeper current = this.keeper;
				if (current == null) {
					return;
				}
				current.fenceIfDue(now());
				for (int i = 0; i < 6 && current.storeStep() == 0; i++) {
				}
			}

			boolean running() {
				WorkerRuntime current = this.worker;
				return current != null
						&& (current.state() == WorkerState.RUNNING || current.state() == WorkerState.PAUSED);
			}

			boolean hasLiveWork() {
				WorkerRuntime current = this.worker;
				if (current != null && (running() || current.state() == WorkerState.STOPPING
						|| current.activeTasks() > 0)) {
					return true;
				}
				return Schedule.this.live.stream().anyMatch((body) -> body.instance.equals(this.id));
			}

			long idleHolderSince(long now) {
				if (this.idleHolderSince < 0) {
					this.idleHolderSince = now;
				}
				return this.idleHolderSince;
			}

			private void body(WorkerContext ctx) throws Exception {
				Body me = new Body(this.id, this.stubbornNext, Schedule.this.letGo);
				me.excused = this.forgotten;
				this.stubbornNext = false;
				for (Body other : Schedule.this.live) {
					if (!me.excused && !excused(other)) {
						Schedule.this.violations.add("a body started on " + this.id + " while one runs on "
								+ other.instance + " at " + describe());
					}
				}
				Schedule.this.live.add(me);
				try {
					while (true) {
						if (this.failNow) {
							throw new IllegalStateException("the body fails");
						}
						if (ctx.isStopping()) {
							if (!me.stubborn || Schedule.this.quiet) {
								return;
							}
							// Ignores the stop signal and every interrupt until the test lets it go.
							me.stuck = true;
							while (true) {
								try {
									if (me.release.await(1, TimeUnit.MINUTES)) {
										return;
									}
								}
								catch (InterruptedException ex) {
									// ignored
								}
							}
						}
						ctx.sleep(Duration.ofMillis(2));
					}
				}
				finally {
					Schedule.this.live.remove(me);
				}
			}

			/** This instance's view of the one store, with the faults the schedule injects. */
			final class Store implements LeaseStore {

				volatile long slowNext;

				volatile int failNext;

				volatile long unreachableUntil = Long.MIN_VALUE / 2;

				volatile long lastFailure = Long.MIN_VALUE / 2;

				void quiet() {
					this.slowNext = 0;
					this.failNext = 0;
					this.unreachableUntil = Long.MIN_VALUE / 2;
				}

				private void call() {
					long slow = this.slowNext;
					if (slow > 0) {
						// The call hangs while time passes; every keeper's watchdog, this one's too, runs meanwhile.
						this.slowNext = 0;
						for (long passed = 0; passed < slow; passed += RENEW / 8) {
							Schedule.this.clock.addAndGet(Math.min(RENEW / 8, slow - passed));
							for (Instance instance : Schedule.this.instances) {
								LeaseKeeper keeper = instance.keeper;
								if (keeper != null) {
									keeper.fenceIfDue(now());
								}
							}
						}
						Schedule.this.lastFault = now();
						Schedule.this.lastJump = now();
						this.lastFailure = now();
					}
					if (this.failNext > 0 || now() - this.unreachableUntil < 0) {
						if (this.failNext > 0) {
							this.failNext--;
						}
						this.lastFailure = now();
						Schedule.this.lastFault = now();
						throw new IllegalStateException("the store is unreachable from " + Instance.this.id);
					}
				}

				@Override
				public boolean tryAcquire(String key, Duration ttl) {
					call();
					synchronized (Schedule.this.leases) {
						Lease lease = Schedule.this.leases.get(key);
						if (lease == null || lease.holder.equals(Instance.this.id) || lease.expiresAt - now() <= 0) {
							Schedule.this.leases.put(key, new Lease(Instance.this.id, now() + ttl.toNanos()));
							return true;
						}
						return false;
					}
				}

				@Override
				public boolean renew(String key, Duration ttl) {
					call();
					synchronized (Schedule.this.leases) {
						Lease lease = Schedule.this.leases.get(key);
						if (lease == null || !lease.holder.equals(Instance.this.id) || lease.expiresAt - now() <= 0) {
							return false;
						}
						Schedule.this.leases.put(key, new Lease(Instance.this.id, now() + ttl.toNanos()));
						return true;
					}
				}

				@Override
				public void release(String key) {
					call();
					synchronized (Schedule.this.leases) {
						Lease lease = Schedule.this.leases.get(key);
						if (lease != null && lease.holder.equals(Instance.this.id)) {
							Schedule.this.leases.remove(key);
						}
					}
				}

			}

		}

	}

}
