package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.managedworkers.LeadershipChange;
import io.github.managedworkers.LeaseStatus;
import io.github.managedworkers.LeaseStore;
import io.github.managedworkers.RestartPolicy;
import io.github.managedworkers.StopCause;
import io.github.managedworkers.ThreadMode;
import io.github.managedworkers.Worker;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerListener;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.WorkerState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lease keeper stepped by hand on a clock the test moves: when it renews, when it fences, and what it does when
 * the store fails, answers slowly, or says the lease is gone.
 */
class LeaseKeeperTests {

	private static final Duration TTL = Duration.ofSeconds(3);

	private static final Duration RENEW = Duration.ofSeconds(1);

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	private final ScriptedStore store = new ScriptedStore();

	private final List<LeadershipChange> changes = new ArrayList<>();

	private final List<StopCause> causes = new CopyOnWriteArrayList<>();

	private final Bodies bodies = new Bodies();

	private volatile @Nullable Runnable onStopped;

	private WorkerSettings settings;

	private WorkerRuntime worker;

	private LeaseKeeper keeper;

	@BeforeEach
	void exclusiveWorkerOnStandby() {
		exclusive(WorkerSpec.builder("reaper").exclusive(true).build(), (ctx) -> this.bodies.run(() -> {
			while (ctx.sleep(Duration.ofMinutes(1))) {
			}
			ctx.stopCause().ifPresent(this.causes::add);
		}));
	}

	/** An exclusive worker on STANDBY, its keeper stepped by the test; replaces the one of the test so far. */
	private void exclusive(WorkerSpec spec, Worker body) {
		if (this.worker != null) {
			drain();
		}
		WorkerListener listener = new WorkerListener() {
			@Override
			public void leadershipChanged(WorkerHandle handle, LeadershipChange change) {
				LeaseKeeperTests.this.changes.add(change);
			}

			@Override
			public void stateChanged(WorkerHandle handle, WorkerState from, WorkerState to) {
				Runnable hook = LeaseKeeperTests.this.onStopped;
				if (to == WorkerState.STOPPED && hook != null) {
					hook.run();
				}
			}
		};
		this.settings = new WorkerSettings(WorkerThreads.of(ThreadMode.PLATFORM), new Listeners(List.of(listener)),
				null, Duration.ofSeconds(5), Duration.ofMillis(200), new AtomicLong(), (name) -> {
				});
		this.worker = new WorkerRuntime(this.settings, spec, body);
		this.keeper = new LeaseKeeper(this.worker, LeaseSettings.of(this.store, TTL, RENEW, "me"), this.settings,
				this.clock::get);
		this.worker.attachKeeper(this.keeper, null);
		this.worker.start();
	}

	@AfterEach
	void drain() {
		this.onStopped = null;
		Drain.run(List.of(this.worker), Duration.ofSeconds(5), Duration.ofSeconds(1), StopCause.DRAIN);
		this.settings.threads().retirePool(Duration.ofSeconds(1), false);
	}

	@Test
	void takesTheLeaseRunsTheWorkerAndRenewsEveryInterval() {
		assertThat(this.worker.state()).isEqualTo(WorkerState.STANDBY);
		this.keeper.storeStep();
		assertThat(this.worker.state()).isEqualTo(WorkerState.RUNNING);
		assertThat(this.changes).containsExactly(LeadershipChange.GRANTED);
		assertThat(this.keeper.storeStep()).as("waits until the renewal is due").isEqualTo(RENEW.toNanos());
		for (int i = 0; i < 5; i++) {
			advance(RENEW);
			this.keeper.storeStep();
			assertThat(this.keeper.fenceIfDue(this.clock.get())).isFalse();
		}
		assertThat(this.store.renewals).isEqualTo(5);
		assertThat(this.worker.state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void renewFailuresKeepTheWorkerRunningUntilOneIntervalBeforeTheLeaseExpiresThenItFences() throws Exception {
		lead();
		this.store.failRenewals = true;
		advance(RENEW);
		this.keeper.storeStep();
		advance(Duration.ofMillis(999));
		assertThat(this.keeper.fenceIfDue(this.clock.get())).isFalse();
		assertThat(this.worker.state()).isEqualTo(WorkerState.RUNNING);
		advance(Duration.ofMillis(1)); // ttl - renew after the last renewal
		assertThat(this.keeper.fenceIfDue(this.clock.get())).isTrue();
		assertThat(this.causes).containsExactly(StopCause.LEASE_LOST);
		assertThat(this.worker.state()).isEqualTo(WorkerState.STANDBY);
		assertThat(this.changes).containsExactly(LeadershipChange.GRANTED, LeadershipChange.LOST);
		// The store thread then gives the lease up (best effort) and tries to take it again.
		this.store.failRenewals = false;
		this.store.acquire.add(false);
		steps(2);
		assertThat(this.store.releases).isEqualTo(1);
		this.keeper.storeStep();
		assertThat(this.worker.state()).isEqualTo(WorkerState.STANDBY);
	}

	@Test
	void aLeaseTheStoreSaysIsGoneFencesAtOnce() throws Exception {
		lead();
		this.store.renewAnswer = false; // it expired, and another instance took it
		advance(RENEW);
		this.keeper.storeStep();
		assertThat(this.causes).containsExactly(StopCause.LEASE_LOST);
		assertThat(this.worker.state()).isEqualTo(WorkerState.STANDBY);
	}

	@Test
	void aRenewalThatHangsDoesNotKeepTheWorkerRunningPastItsLease() throws Exception {
		this.keeper.storeStep();
		this.store.hang = new CountDownLatch(1);
		advance(RENEW);
		CompletableFuture<Long> stuck = CompletableFuture.supplyAsync(this.keeper::storeStep);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.store.hanging);
		advance(TTL.minus(RENEW).minus(RENEW));
		assertThat(this.keeper.fenceIfDue(this.clock.get())).as("the watchdog fences").isTrue();
		assertThat(this.worker.state()).isEqualTo(WorkerState.STANDBY);
		this.store.hang.countDown(); // the store answers late, and says renewed: too late to count
		stuck.get(10, TimeUnit.SECONDS);
		assertThat(this.keeper.state()).isNotEqualTo(LeaseKeeper.State.LEADING);
		assertThat(this.worker.state()).isEqualTo(WorkerState.STANDBY);
	}

	// The scenarios of issue 26, one each

	@Test
	void anOperatorRestartOfTheLeaderEndsWithTheWorkerLeadingAndRunningAgain() throws Exception {
		lead();
		this.worker.stop();
		this.worker.start(); // the endpoint's restart: before the keeper saw the stop
		assertThat(this.worker.state()).isEqualTo(WorkerState.STANDBY);
		steps(4);
		assertThat(this.worker.state()).isEqualTo(WorkerState.RUNNING);
		assertThat(this.keeper.state()).isEqualTo(LeaseKeeper.State.LEADING);
		assertThat(this.worker.lease().orElseThrow().role()).isEqualTo(LeaseStatus.Role.LEADER);
		assertThat(this.store.releases).as("released after the clean drain, then taken again").isEqualTo(1);
		assertThat(this.store.acquisitions).isEqualTo(2);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bodies.started.get() == 2);
		assertThat(this.bodies.maxLive.get()).isEqualTo(1);
	}

	@Test
	void aFenceThatAbandonsTheBodyKeepsTheLeaseAndLeadsAgainOnlyOnceTheBodyEnded() throws Exception {
		CountDownLatch letGo = new CountDownLatch(1);
		exclusive(WorkerSpec.builder("reaper").exclusive(true).build(), this.bodies.stubborn(letGo, false));
		lead();
		this.store.renewAnswer = false; // it expired, and another instance took it
		advance(RENEW);
		this.keeper.storeStep(); // fences; the body ignores the stop and the interrupt: abandoned
		assertThat(this.bodies.live.get()).isEqualTo(1);
		this.store.renewAnswer = true;
		for (int i = 0; i < 3; i++) {
			advance(RENEW);
			this.keeper.storeStep();
		}
		assertThat(this.store.releases).as("no release while the abandoned body runs").isZero();
		assertThat(this.bodies.started.get()).isEqualTo(1);
		letGo.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bodies.live.get() == 0);
		steps(3);
		assertThat(this.store.releases).isEqualTo(1);
		assertThat(this.store.releasedWhileBodyLive).isFalse();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bodies.started.get() == 2);
		assertThat(this.bodies.maxLive.get()).isEqualTo(1);
	}

	@Test
	void aFenceDuringAnOperatorDrainCutsItShortAndReleasesOnlyOnceTheBodyEnded() throws Exception {
		CountDownLatch letGo = new CountDownLatch(1);
		exclusive(WorkerSpec.builder("reaper").exclusive(true).build(), this.bodies.stubborn(letGo, true));
		lead();
		CompletableFuture<?> operatorStop = CompletableFuture.supplyAsync(() -> this.worker.stop(Duration.ofSeconds(20)));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.worker.state() == WorkerState.STOPPING);
		this.store.failRenewals = true;
		advance(TTL.minus(RENEW));
		assertThat(this.keeper.fenceIfDue(this.clock.get())).isTrue();
		assertThat(this.bodies.live.get()).as("the fence interrupted the body before the lease can expire").isZero();
		operatorStop.get(10, TimeUnit.SECONDS);
		this.store.failRenewals = false;
		steps(3);
		assertThat(this.store.releases).isEqualTo(1);
		assertThat(this.store.releasedWhileBodyLive).isFalse();
		assertThat(this.worker.state()).as("the operator's stop stands").isEqualTo(WorkerState.STOPPED);
	}

	@Test
	void aFailedWorkerKeepsRenewingItsLeaseUntilItsTasksEnded() throws Exception {
		CountDownLatch taskGo = new CountDownLatch(1);
		exclusive(WorkerSpec.builder("reaper").exclusive(true).restart(RestartPolicy.NEVER).build(), (ctx) -> {
			ctx.submit((task) -> taskGo.await(1, TimeUnit.MINUTES));
			throw new IllegalStateException("the body gives up");
		});
		this.keeper.storeStep();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.worker.state() == WorkerState.FAILED);
		this.keeper.storeStep();
		advance(RENEW);
		this.keeper.storeStep();
		assertThat(this.store.releases).as("no release while a task of the failed worker runs").isZero();
		assertThat(this.store.renewals).isEqualTo(1);
		assertThat(this.keeper.state()).isEqualTo(LeaseKeeper.State.DRAINING);
		taskGo.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.worker.activeTasks() == 0);
		steps(2);
		assertThat(this.store.releases).isEqualTo(1);
		assertThat(this.worker.state()).isEqualTo(WorkerState.FAILED);
	}

	@Test
	void aKeeperWakingBeforeTheDrainHasReportedDoesNotRelease() throws Exception {
		CountDownLatch letGo = new CountDownLatch(1);
		exclusive(WorkerSpec.builder("reaper").exclusive(true).build(), this.bodies.stubborn(letGo, false));
		lead();
		List<Integer> releasesSeenWhenStopped = new CopyOnWriteArrayList<>();
		this.onStopped = () -> {
			this.keeper.storeStep();
			this.keeper.storeStep();
			releasesSeenWhenStopped.add(this.store.releases);
		};
		this.worker.stop(Duration.ofMillis(50)); // abandons the body
		assertThat(releasesSeenWhenStopped).containsExactly(0);
		this.keeper.storeStep();
		assertThat(this.store.releases).isZero();
		letGo.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bodies.live.get() == 0);
		steps(2);
		assertThat(this.store.releases).isEqualTo(1);
		assertThat(this.store.releasedWhileBodyLive).isFalse();
	}

	@Test
	void aGrantThatComesBackAfterTheFenceTimeDoesNotRunTheBody() throws Exception {
		this.store.onAcquire = () -> advance(Duration.ofSeconds(4)); // a 3 s lease granted after 4 s
		this.keeper.storeStep();
		this.store.onAcquire = null;
		assertThat(this.worker.state()).isEqualTo(WorkerState.STANDBY);
		this.keeper.storeStep();
		assertThat(this.store.releases).as("given back without running").isEqualTo(1);
		assertThat(this.bodies.started.get()).isZero();
		assertThat(this.changes).isEmpty();
		this.keeper.storeStep();
		assertThat(this.worker.state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void aReleaseThatFailsIsRetriedUntilTheStoreConfirmsIt() throws Exception {
		lead();
		this.worker.stop();
		this.store.failReleases = true;
		steps(3);
		assertThat(this.keeper.state()).isEqualTo(LeaseKeeper.State.RELEASING);
		assertThat(this.changes).containsExactly(LeadershipChange.GRANTED, LeadershipChange.RELEASED);
		assertThat(this.causes).containsExactly(StopCause.OPERATOR);
		this.store.failReleases = false;
		this.keeper.storeStep();
		assertThat(this.store.released).isEqualTo(1);
		assertThat(this.keeper.state()).isEqualTo(LeaseKeeper.State.STANDBY);
		assertThat(this.keeper.storeStep()).as("a stopped worker does not take the lease again").isPositive();
		assertThat(this.store.acquisitions).isEqualTo(1);
	}

	@Test
	void aReleaseThatFailsUntilTheLeaseExpiredIsLeftToTheStore() throws Exception {
		lead();
		this.worker.stop();
		this.store.failReleases = true;
		steps(2);
		advance(TTL);
		this.keeper.storeStep();
		assertThat(this.keeper.state()).isEqualTo(LeaseKeeper.State.STANDBY);
		assertThat(this.store.released).isZero();
	}

	@Test
	void aKeeperStoppedWhileItFencesReleasesTheLeaseOnceTheFenceDrainedClean() throws Exception {
		CountDownLatch letGo = new CountDownLatch(1);
		exclusive(WorkerSpec.builder("reaper").exclusive(true).build(), this.bodies.stubborn(letGo, true));
		lead();
		this.store.failRenewals = true;
		advance(TTL.minus(RENEW));
		long now = this.clock.get();
		CompletableFuture<Boolean> watchdog = CompletableFuture.supplyAsync(() -> this.keeper.fenceIfDue(now));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.keeper.state() == LeaseKeeper.State.FENCING);
		this.store.failRenewals = false;
		this.keeper.finish(StopCause.DRAIN); // the lease worker stops mid-fence
		assertThat(watchdog.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.store.released).isEqualTo(1);
		assertThat(this.store.releasedWhileBodyLive).isFalse();
		assertThat(this.keeper.state()).isEqualTo(LeaseKeeper.State.STOPPED);
	}

	private void lead() {
		int before = this.bodies.started.get();
		this.keeper.storeStep();
		assertThat(this.worker.state()).isEqualTo(WorkerState.RUNNING);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bodies.started.get() > before);
	}

	private void steps(int count) {
		for (int i = 0; i < count; i++) {
			this.keeper.storeStep();
		}
	}

	private void advance(Duration duration) {
		this.clock.addAndGet(duration.toNanos());
	}

	/** Counts the bodies alive, and the most alive at once. */
	static final class Bodies {

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger live = new AtomicInteger();

		final AtomicInteger maxLive = new AtomicInteger();

		void run(ThrowingRunnable body) throws Exception {
			this.started.incrementAndGet();
			this.maxLive.accumulateAndGet(this.live.incrementAndGet(), Math::max);
			try {
				body.run();
			}
			finally {
				this.live.decrementAndGet();
			}
		}

		/** A body that ignores its stop signal until let go, and its interrupts too unless {@code interruptible}. */
		Worker stubborn(CountDownLatch letGo, boolean interruptible) {
			return (ctx) -> run(() -> {
				while (true) {
					try {
						if (letGo.await(1, TimeUnit.MINUTES)) {
							return;
						}
					}
					catch (InterruptedException ex) {
						if (interruptible) {
							throw ex;
						}
					}
				}
			});
		}

		interface ThrowingRunnable {

			void run() throws Exception;

		}

	}

	final class ScriptedStore implements LeaseStore {

		final Deque<Boolean> acquire = new ArrayDeque<>();

		volatile boolean renewAnswer = true;

		volatile boolean failRenewals;

		volatile boolean failReleases;

		volatile CountDownLatch hang;

		volatile boolean hanging;

		volatile int renewals;

		volatile int releases;

		volatile int acquisitions;

		volatile int released;

		volatile boolean releasedWhileBodyLive;

		volatile @Nullable Runnable onAcquire;

		@Override
		public boolean tryAcquire(String key, Duration ttl) {
			this.acquisitions++;
			Runnable hook = this.onAcquire;
			if (hook != null) {
				hook.run();
			}
			Boolean scripted = this.acquire.poll();
			return (scripted == null) || scripted;
		}

		@Override
		public boolean renew(String key, Duration ttl) throws Exception {
			CountDownLatch latch = this.hang;
			if (latch != null) {
				this.hanging = true;
				latch.await(1, TimeUnit.MINUTES);
				return true;
			}
			if (this.failRenewals) {
				throw new IllegalStateException("database unreachable");
			}
			this.renewals++;
			return this.renewAnswer;
		}

		@Override
		public void release(String key) {
			this.releases++;
			if (this.failReleases) {
				throw new IllegalStateException("database unreachable");
			}
			this.released++;
			if (LeaseKeeperTests.this.bodies.live.get() > 0) {
				this.releasedWhileBodyLive = true;
			}
		}

	}

}
