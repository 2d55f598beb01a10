package io.github.managedworkers.autoconfigure.exclusive;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.managedworkers.LeaseStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default JDBC lease store: a lease belongs to the instance, whatever thread asks, so that a lease keeper
 * restarted on a new thread (after one that stopped while it could not release) can lead again.
 */
class JdbcLeaseStoreTests {

	private static final Duration TTL = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = ExclusiveContexts
		.onDatabase("jdbc:h2:mem:jdbc-lease-store;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:int-lock-h2.sql'");

	@Test
	void aLeaseTakenOnAThreadThatEndedIsRenewedTakenBackAndReleasedFromAnother() {
		this.runner.withPropertyValues("managed-workers.exclusive.instance-id=first").run((first) -> {
			LeaseStore store = first.getBean(LeaseStore.class);
			assertThat(onAThreadThatEnds(() -> store.tryAcquire("reaper", TTL))).isTrue();
			assertThat(store.renew("reaper", TTL)).isTrue();
			assertThat(store.tryAcquire("reaper", TTL)).as("taken back by a new keeper thread").isTrue();
			this.runner.withPropertyValues("managed-workers.exclusive.instance-id=second").run((second) -> {
				LeaseStore other = second.getBean(LeaseStore.class);
				assertThat(other.tryAcquire("reaper", TTL)).isFalse();
				assertThat(other.holder("reaper")).isEqualTo("first");
				store.release("reaper");
				assertThat(other.tryAcquire("reaper", TTL)).isTrue();
				assertThat(store.renew("reaper", TTL)).as("no longer first's").isFalse();
			});
		});
	}

	private static boolean onAThreadThatEnds(Call call) throws Exception {
		AtomicReference<Object> outcome = new AtomicReference<>();
		Thread thread = new Thread(() -> {
			try {
				outcome.set(call.run());
			}
			catch (Exception ex) {
				outcome.set(ex);
			}
		}, "ended-keeper");
		thread.start();
		thread.join(Duration.ofSeconds(30).toMillis());
		if (outcome.get() instanceof Exception ex) {
			throw ex;
		}
		return Boolean.TRUE.equals(outcome.get());
	}

	interface Call {

		boolean run() throws Exception;

	}

}
