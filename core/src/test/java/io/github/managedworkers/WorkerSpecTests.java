package io.github.managedworkers;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerSpecTests {

	@Test
	void defaultsAreThoseDocumented() {
		WorkerSpec spec = WorkerSpec.builder("w").build();
		assertThat(spec.every()).isNull();
		assertThat(spec.isPeriodic()).isFalse();
		assertThat(spec.initialDelay()).isZero();
		assertThat(spec.maxConcurrency()).isEqualTo(16);
		assertThat(spec.maxWait()).isEqualTo(Duration.ofSeconds(1));
		assertThat(spec.restart()).isEqualTo(RestartPolicy.ON_FAILURE);
		assertThat(spec.restartBackoffInitial()).isEqualTo(Duration.ofSeconds(1));
		assertThat(spec.restartBackoffMax()).isEqualTo(Duration.ofSeconds(30));
		assertThat(spec.maxRestarts()).isEqualTo(10);
		assertThat(spec.restartWindow()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void durationsAreReadInSpringsAndIsoFormats() {
		WorkerSpec spec = WorkerSpec.builder("w").every("500ms").initialDelay("PT1M").maxWait("2s").build();
		assertThat(spec.every()).isEqualTo(Duration.ofMillis(500));
		assertThat(spec.initialDelay()).isEqualTo(Duration.ofMinutes(1));
		assertThat(spec.maxWait()).isEqualTo(Duration.ofSeconds(2));
		assertThat(spec.toBuilder().build()).isEqualTo(spec);
	}

	@Test
	void aBlankOrOddNameIsRejectedWithWhatIsAllowed() {
		assertThatThrownBy(() -> WorkerSpec.builder(" ")).isInstanceOfSatisfying(InvalidWorkerSpecException.class,
				(ex) -> assertThat(ex.setting()).isEqualTo("name"))
			.hasMessageContaining("invalid name ' '")
			.hasMessageContaining("letters, digits");
		assertThatThrownBy(() -> WorkerSpec.builder("job runner")).hasMessageContaining("'job runner'");
		assertThatThrownBy(() -> WorkerSpec.builder(null)).hasMessageContaining("Invalid name 'null'");
	}

	@Test
	void aLimitBelowOneIsRejectedWithTheValueAndWhatIsAllowed() {
		assertThatThrownBy(() -> WorkerSpec.builder("pool").maxConcurrency(0))
			.isInstanceOfSatisfying(InvalidWorkerSpecException.class, (ex) -> {
				assertThat(ex.worker()).isEqualTo("pool");
				assertThat(ex.setting()).isEqualTo("maxConcurrency");
				assertThat(ex.value()).isEqualTo("0");
			})
			.hasMessage("Worker 'pool': invalid maxConcurrency '0'; allowed: an integer of 1 or more");
		assertThatThrownBy(() -> WorkerSpec.builder("pool").maxConcurrency(-3)).hasMessageContaining("'-3'");
	}

	@Test
	void negativeAndUnparsableDurationsAreRejected() {
		assertThatThrownBy(() -> WorkerSpec.builder("w").every("soon"))
			.hasMessage("Worker 'w': invalid every 'soon'; allowed: " + Durations.FORMAT);
		assertThatThrownBy(() -> WorkerSpec.builder("w").every("500")).hasMessageContaining("invalid every '500'");
		assertThatThrownBy(() -> WorkerSpec.builder("w").every("0s")).hasMessageContaining("a positive duration");
		assertThatThrownBy(() -> WorkerSpec.builder("w").maxWait("-1s"))
			.hasMessageContaining("invalid maxWait 'PT-1S'")
			.hasMessageContaining("zero or more");
		assertThatThrownBy(() -> WorkerSpec.builder("w").initialDelay(" ")).hasMessageContaining("invalid initialDelay");
		assertThatThrownBy(
				() -> WorkerSpec.builder("w").restartBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)).build())
			.hasMessageContaining("restartBackoffMax 'PT1S'")
			.hasMessageContaining("at least restartBackoffInitial (PT5S)");
		assertThatThrownBy(() -> WorkerSpec.builder("w").restartIntensity(-1, Duration.ofMinutes(1)))
			.hasMessageContaining("maxRestarts '-1'");
	}

	@Test
	void everyUnitIsRead() {
		assertThat(Durations.parse("w", "every", "100ns")).isEqualTo(Duration.ofNanos(100));
		assertThat(Durations.parse("w", "every", "10us")).isEqualTo(Duration.ofNanos(10_000));
		assertThat(Durations.parse("w", "every", "5 s")).isEqualTo(Duration.ofSeconds(5));
		assertThat(Durations.parse("w", "every", "2m")).isEqualTo(Duration.ofMinutes(2));
		assertThat(Durations.parse("w", "every", "3h")).isEqualTo(Duration.ofHours(3));
		assertThat(Durations.parse("w", "every", "1d")).isEqualTo(Duration.ofDays(1));
		assertThat(Durations.parse("w", "every", "1MS")).isEqualTo(Duration.ofMillis(1));
		assertThat(Durations.parse("w", "every", "pt2s")).isEqualTo(Duration.ofSeconds(2));
	}

}
