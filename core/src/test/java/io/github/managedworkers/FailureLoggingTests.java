package io.github.managedworkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class FailureLoggingTests extends ThreadModeContract {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(WorkerHandle.class);

	@BeforeEach
	void captureLog() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void releaseLog() {
		this.logger.detachAppender(this.appender);
	}

	@Test
	void aFailureStormIsCountedInFullButLoggedOnlyAFewTimes() throws Exception {
		WorkerHandle pool = pool("storm", 8, LONG);
		List<CompletableFuture<Object>> futures = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			int n = i;
			futures.add(pool.submit((ctx) -> {
				throw new IllegalStateException("failure " + n);
			}));
		}
		for (CompletableFuture<Object> future : futures) {
			future.handle((value, failure) -> failure).get(1, TimeUnit.MINUTES);
		}
		assertThat(pool.snapshot().failed()).isEqualTo(200);
		List<ILoggingEvent> warnings = this.appender.list.stream()
			.filter((event) -> event.getLevel() == Level.WARN)
			.toList();
		// Five lines per ten seconds: a slow machine may straddle two windows, never more in a second or two.
		assertThat(warnings).hasSizeBetween(5, 15);
		assertThat(warnings.get(0).getFormattedMessage()).startsWith("Task #").contains("of worker 'storm' failed");
		assertThat(warnings.get(0).getThrowableProxy()).isNotNull();
	}

	@Test
	void aFailedBodyIsLoggedWithItsRestart() {
		WorkerHandle worker = this.registry.register(WorkerSpec.builder("restarting")
			.restartBackoff(Duration.ofMillis(1), Duration.ofMillis(1))
			.restartIntensity(1, Duration.ofMinutes(1))
			.build(), (ctx) -> {
				throw new IllegalStateException("body broke");
			});
		worker.start();
		org.awaitility.Awaitility.await().atMost(LONG).until(() -> worker.state() == WorkerState.FAILED);
		assertThat(this.appender.list).extracting(ILoggingEvent::getFormattedMessage)
			.anyMatch((message) -> message.startsWith("Body of worker 'restarting' failed after")
					&& message.contains("restart #1 in 1 ms"))
			.anyMatch((message) -> message.startsWith("Worker 'restarting' FAILED: it needed more than 1 restarts"));
	}

}
