package io.github.managedworkers.autoconfigure.endpoint;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import io.github.managedworkers.WorkerRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The guards of the JVM's thread dump behind the unowned view: one at a time, read up to a number of bytes.
 */
class UnownedThreadsDumpTests {

	private final WorkerRegistry registry = WorkerRegistry.builder().build();

	@AfterEach
	void close() {
		this.registry.close();
	}

	@Test
	void aSecondRequestWhileOneTakesTheDumpIsToldToTryAgainAndCountingByStateNeedsNoDump() {
		Semaphore dumping = new Semaphore(1);
		UnownedThreads unowned = new UnownedThreads(this.registry, dumping);
		assertThat(dumping.tryAcquire()).isTrue(); // a request in the middle of its dump
		assertThatExceptionOfType(UnownedThreads.DumpInProgressException.class)
			.isThrownBy(() -> unowned.describe(true, 8, Long.MAX_VALUE, Map.of()))
			.withMessage("Another request is taking the JVM's thread dump for the unowned view; try again when it ends");
		assertThat(unowned.describe(false, 8, Long.MAX_VALUE, Map.of()).unownedThreads()).isPositive();
		dumping.release();
		assertThat(unowned.describe(true, 8, Long.MAX_VALUE, Map.of()).stacksShown()).isTrue();
		assertThat(dumping.availablePermits()).isEqualTo(1);
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aDumpLongerThanTheLimitIsReadOnlyThatFarAndSaysSo() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Thread stray = StrayThreads.startVirtual("stray-virtual", release);
		try {
			UnownedThreads unowned = new UnownedThreads(this.registry);
			UnownedThreadsDescriptor whole = unowned.describe(true, 8, Long.MAX_VALUE, Map.of());
			assertThat(whole.truncated()).isFalse();
			assertThat(whole.groups()).anySatisfy((group) -> assertThat(group.threads()).contains("stray-virtual"));

			UnownedThreadsDescriptor cut = unowned.describe(true, 8, 0, Map.of());
			assertThat(cut.truncated()).isTrue();
			assertThat(cut.virtual()).isZero();
			assertThat(cut.note()).contains("management.endpoint.workers.unowned-dump-limit");
		}
		finally {
			release.countDown();
			stray.join(TimeUnit.MINUTES.toMillis(1));
		}
	}

}
