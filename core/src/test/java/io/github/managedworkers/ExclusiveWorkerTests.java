package io.github.managedworkers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Exclusive workers on two registries that share one lease store, as two instances share a database: one runs the
 * body, the other stands by, and a handover never lets both run it.
 */
class ExclusiveWorkerTests extends ThreadModeContract {

	private static final Duration TTL = Duration.ofMillis(900);

	private static final Duration RENEW = Duration.ofMillis(300);

	private final SharedLeases leases = new SharedLeases();

	private final Runs runs = new Runs();

	private WorkerRegistry second;

	@AfterEach
	void closeSecond() {
		if (this.second != null) {
			this.second.close();
		}
	}

	@Test
	void oneInstanceRunsTheBodyAndTheOtherStandsByAndRejectsTasksNamingTheLeader() {
		WorkerRegistry a = instance("a");
		WorkerRegistry b = instance("b");
		WorkerHandle onA = a.get("reaper");
		WorkerHandle onB = b.get("reaper");
		await().atMost(LONG).until(() -> onA.state() == WorkerState.RUNNING || onB.state() == WorkerState.RUNNING);
		assertThat(onB.state()).as("b stands by while a, which started first, leads").isEqualTo(WorkerState.STANDBY);
		await().atMost(LONG).until(() -> this.runs.count() >= 3);
		assertThat(this.runs.overlaps()).isZero();
		assertThat(this.runs.instances()).containsOnly("a");
		assertThat(onA.lease()).hasValueSatisfying((lease) -> {
			assertThat(lease.role()).isEqualTo(LeaseStatus.Role.LEADER);
			assertThat(lease.holder()).isEqualTo("a");
			assertThat(lease.expiresAt()).isNotNull();
		});
		await().atMost(LONG).until(() -> "a".equals(onB.lease().orElseThrow().holder()));
		assertThat(onB.lease().orElseThrow().role()).isEqualTo(LeaseStatus.Role.STANDBY);
		assertThat(onB.submit((ctx) -> "no")).failsWithin(LONG)
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOfSatisfying(RejectedTaskException.class, (rejected) -> {
				assertThat(rejected.reason()).isEqualTo(RejectedTaskException.Reason.NOT_LEADER);
				assertThat(rejected.getMessage()).contains("STANDBY").contains("instance 'a'");
			});
		assertThat(a.get("reaper.lease").state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void aDrainingLeaderHandsOverOnlyAfterItsLastRunEnded() {
		WorkerRegistry a = instance("a");
		WorkerRegistry b = instance("b");
		await().atMost(LONG).until(() -> a.get("reaper").state() == WorkerState.RUNNING);
		await().atMost(LONG).until(() -> this.runs.count() >= 2);
		DrainReport report = a.drain();
		assertThat(report.workers()).contains("reaper", "reaper.lease");
		await().atMost(LONG).until(() -> this.runs.instances().contains("b"));
		assertThat(this.runs.overlaps()).isZero();
		assertThat(b.get("reaper").state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void aLeaderThatCannotRenewFencesItselfWithLeaseLostBeforeTheOtherTakesOver() {
		instance("a");
		WorkerRegistry b = instance("b");
		WorkerHandle onA = this.registry.get("reaper");
		await().atMost(LONG).until(() -> onA.state() == WorkerState.RUNNING);
		await().atMost(LONG).until(() -> this.runs.count() >= 2);
		this.storeOfA.broken = true;
		await().atMost(LONG).until(() -> this.runs.instances().contains("b"));
		// A run cut short saw LEASE_LOST, if the fence met one (LeaseKeeperTests checks the cause for sure).
		assertThat(this.runs.stopCauses()).doesNotContain(StopCause.DRAIN, StopCause.OPERATOR);
		assertThat(onA.state()).isEqualTo(WorkerState.STANDBY);
		assertThat(this.runs.overlaps()).isZero();
		// The store comes back: a stays on standby while b leads.
		this.storeOfA.broken = false;
		await().atMost(LONG).until(() -> "b".equals(onA.lease().orElseThrow().holder()));
		assertThat(onA.state()).isEqualTo(WorkerState.STANDBY);
		assertThat(b.get("reaper").state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void anOperatorStopOrARemovalOfTheLeaderHandsOverAfterItsDrain() {
		WorkerRegistry a = instance("a");
		WorkerRegistry b = instance("b");
		await().atMost(LONG).until(() -> a.get("reaper").state() == WorkerState.RUNNING);
		a.get("reaper").stop();
		await().atMost(LONG).until(() -> b.get("reaper").state() == WorkerState.RUNNING);
		assertThat(a.get("reaper").lease().orElseThrow().role()).isEqualTo(LeaseStatus.Role.STANDBY);
		a.get("reaper").start();
		assertThat(a.get("reaper").state()).isEqualTo(WorkerState.STANDBY);
		int before = this.runs.count();
		await().atMost(LONG).until(() -> this.runs.count() > before);
		b.remove("reaper");
		assertThat(b.find("reaper.lease")).isEmpty();
		await().atMost(LONG).until(() -> a.get("reaper").state() == WorkerState.RUNNING);
		assertThat(this.runs.overlaps()).isZero();
		assertThat(this.runs.stopCauses()).doesNotContain(StopCause.LEASE_LOST);
	}

	@Test
	void anExclusiveWorkerNeedsARegistryWithALeaseStore() {
		assertThatThrownBy(() -> this.registry.register(WorkerSpec.builder("reaper").exclusive(true).build(),
				(ctx) -> {
				}))
			.isInstanceOfSatisfying(InvalidWorkerSpecException.class,
					(ex) -> assertThat(ex.setting()).isEqualTo("exclusive"))
			.hasMessageContaining("reaper")
			.hasMessageContaining("lease store");
	}

	@Test
	void aRenewIntervalNotShorterThanTheTtlIsRefused() {
		assertThatThrownBy(() -> WorkerRegistry.builder().leases(this.leases.instance("a"), RENEW, RENEW, "a"))
			.isInstanceOfSatisfying(InvalidWorkerSpecException.class,
					(ex) -> assertThat(ex.setting()).isEqualTo("exclusive.renewInterval"))
			.hasMessageContaining("shorter than half the lease ttl");
	}

	private SharedLeases.Instance storeOfA;

	/** An instance: the registry of this test for "a", a second one for "b". */
	private WorkerRegistry instance(String id) {
		SharedLeases.Instance store = this.leases.instance(id);
		final WorkerRegistry instance;
		if (id.equals("a")) {
			this.registry.close();
			this.storeOfA = store;
			this.registry = registryBuilder().leases(store, TTL, RENEW, id).build();
			instance = this.registry;
			instance.register(WorkerSpec.builder("reaper").every("20ms").exclusive(true).build(),
					(ctx) -> this.runs.run(id, ctx));
			instance.start();
			// a starts first and leads: the tests take b's view as the standby's.
			await().atMost(LONG).until(() -> instance.get("reaper").state() == WorkerState.RUNNING);
			return instance;
		}
		else {
			this.second = registryBuilder().leases(store, TTL, RENEW, id).build();
			instance = this.second;
		}
		instance.register(WorkerSpec.builder("reaper").every("20ms").exclusive(true).build(),
				(ctx) -> this.runs.run(id, ctx));
		instance.start();
		return instance;
	}

	/** Every run of the body: who ran it and when, to find two runs that overlapped. */
	static final class Runs {

		private final List<long[]> intervals = new CopyOnWriteArrayList<>();

		private final List<String> by = new CopyOnWriteArrayList<>();

		private final List<StopCause> causes = new CopyOnWriteArrayList<>();

		private final AtomicInteger live = new AtomicInteger();

		private final AtomicInteger overlaps = new AtomicInteger();

		void run(String instance, WorkerContext ctx) {
			long start = System.nanoTime();
			if (this.live.incrementAndGet() > 1) {
				this.overlaps.incrementAndGet();
			}
			try {
				// Some work, then a cleanup that outlasts the stop signal: a handover must wait for it.
				if (!ctx.sleep(Duration.ofMillis(50))) {
					ctx.stopCause().ifPresent(this.causes::add);
					long cleanup = System.nanoTime() + Duration.ofMillis(60).toNanos();
					while (System.nanoTime() - cleanup < 0) {
						Thread.onSpinWait();
					}
				}
			}
			finally {
				this.live.decrementAndGet();
				this.intervals.add(new long[] { start, System.nanoTime() });
				this.by.add(instance);
			}
		}

		int count() {
			return this.intervals.size();
		}

		int overlaps() {
			return this.overlaps.get();
		}

		List<String> instances() {
			return this.by;
		}

		List<StopCause> stopCauses() {
			return this.causes;
		}

	}

}
