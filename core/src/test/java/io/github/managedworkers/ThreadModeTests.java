package io.github.managedworkers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThreadModeTests {

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void virtualThreadsBeforeJava21AreAClearError() {
		assertThatThrownBy(() -> WorkerRegistry.builder().threads(ThreadMode.VIRTUAL).build())
			.isInstanceOf(InvalidWorkerSpecException.class)
			.hasMessageContaining("Invalid threads 'VIRTUAL'")
			.hasMessageContaining("VIRTUAL needs Java 21 or later");
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void autoMeansPlatformThreadsBeforeJava21() {
		try (WorkerRegistry registry = WorkerRegistry.builder().build()) {
			assertThat(registry.threadMode()).isEqualTo(ThreadMode.PLATFORM);
		}
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void autoMeansVirtualThreadsOnJava21AndLater() {
		try (WorkerRegistry registry = WorkerRegistry.builder().build()) {
			assertThat(registry.threadMode()).isEqualTo(ThreadMode.VIRTUAL);
		}
	}

}
