package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.managedworkers.LeadershipChange;
import io.github.managedworkers.LeaseStore;
import io.github.managedworkers.StopCause;
import io.github.managedworkers.ThreadMode;
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

	private final List<StopCause> causes = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final CountDownLatch bodyRuns = new CountDownLatch(1);

	private WorkerSettings settings;

	private WorkerRuntime worker;

	private LeaseKeeper keeper;

	@BeforeEach
	void exclusiveWorkerOnStandby() {
		WorkerListener listener = new WorkerListener() {
			@Override
			public void leadershipChanged(WorkerHandle handle, LeadershipChange change) {
				LeaseKeeperTests.this.changes.add(change);
			}
		};
		this.settings = new WorkerSettings(WorkerThreads.of(ThreadMode.PLATFORM), new Listeners(List.of(listener)),
				null, Duration.ofSeconds(5), Duration.ofSeconds(1), new AtomicLong(), (name) -> {
				});
		this.worker = new WorkerRuntime(this.settings, WorkerSpec.builder("reaper").exclusive(true).build(),
				(ctx) -> {
					this.bodyRuns.countDown();
					while (ctx.sleep(Duration.ofMinutes(1))) {
					}
					ctx.stopCause().ifPresent(this.causes::add);
				});
		this.keeper = new LeaseKeeper(this.worker, LeaseSettings.of(this.store, TTL, RENEW, "me"), this.settings,
				this.clock::get);
		this.worker.attachKeeper(this.keeper, null);
		this.worker.start();
	}

	@AfterEach
	void drain() {
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
		this.keeper.storeStep();
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
		assertThat(this.keeper.role()).isNotEqualTo(LeaseKeeper.Role.LEADING);
		assertThat(this.worker.state()).isEqualTo(WorkerState.STANDBY);
	}

	@Test
	void aReleaseThatFailsAfterAnOperatorStopIsLoggedAndTheLeaseLeftToExpire() throws Exception {
		lead();
		this.worker.stop();
		this.store.failReleases = true;
		this.keeper.storeStep();
		assertThat(this.keeper.role()).isEqualTo(LeaseKeeper.Role.STANDBY);
		assertThat(this.changes).containsExactly(LeadershipChange.GRANTED, LeadershipChange.RELEASED);
		assertThat(this.causes).containsExactly(StopCause.OPERATOR);
		assertThat(this.keeper.storeStep()).as("a stopped worker does not take the lease again").isPositive();
		assertThat(this.store.acquisitions).isEqualTo(1);
	}

	private void lead() throws InterruptedException {
		this.keeper.storeStep();
		assertThat(this.bodyRuns.await(10, TimeUnit.SECONDS)).isTrue();
	}

	private void advance(Duration duration) {
		this.clock.addAndGet(duration.toNanos());
	}

	static final class ScriptedStore implements LeaseStore {

		final Deque<Boolean> acquire = new ArrayDeque<>();

		volatile boolean renewAnswer = true;

		volatile boolean failRenewals;

		volatile boolean failReleases;

		volatile CountDownLatch hang;

		volatile boolean hanging;

		volatile int renewals;

		volatile int releases;

		volatile int acquisitions;

		@Override
		public boolean tryAcquire(String key, Duration ttl) {
			this.acquisitions++;
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
		}

	}

}
