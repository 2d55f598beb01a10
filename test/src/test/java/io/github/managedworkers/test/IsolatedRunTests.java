package io.github.managedworkers.test;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs that need a launcher session or a class path of their own (see {@link IsolatedRun}).
 */
class IsolatedRunTests {

	@Test
	void theChecksWorkWithoutSpringOnTheClassPath() throws Exception {
		IsolatedRun.Result leaking = IsolatedRun.run(LeakingWithoutSpringSample.class, IsolatedRun::withoutSpring);
		assertThat(leaking.summary()).startsWith("1 succeeded, 1 failed\nIsolatedRunTests$LeakingWithoutSpringSample: "
				+ ThreadLeakError.class.getName() + ": Found 1 leaked thread, still alive after waiting 100 ms:")
			.contains("\"leaked-without-spring\" #");
		IsolatedRun.Result clean = IsolatedRun.run(CleanWithoutSpringSample.class, IsolatedRun::withoutSpring);
		assertThat(clean.summary()).isEqualTo("1 succeeded, 0 failed");
		assertThat(clean.errorOutput()).doesNotContain("Exception");
	}

	@Test
	void whatACachedContextLeftIsReportedWhenTheTestRunEnds() throws Exception {
		IsolatedRun.Result result = IsolatedRun.run(CachedWorkerSample.class, (entry) -> true);
		assertThat(result.summary()).as("the task may be the cached context's: left to it").isEqualTo(
				"1 succeeded, 0 failed");
		assertThat(result.errorOutput())
			.contains("[managed-workers-test] Found 1 leaked thread, still alive after the Spring test context of "
					+ CachedWorkerSample.class.getName() + " closed, and a wait of 5000 ms:")
			.contains("\"reports-3\" #")
			.contains("a task of managed worker 'reports' that did not stop");
	}

	@CheckThreadLeaks(maxWaitMillis = 100)
	static class LeakingWithoutSpringSample {

		@Test
		void leaksAThread() {
			assertSpringIsAbsent();
			IsolatedRun.Runner.leaks.platformThread("leaked-without-spring");
		}

	}

	@CheckThreadLeaks(maxWaitMillis = 100)
	static class CleanWithoutSpringSample {

		@Test
		void startsAndJoinsAThread() throws InterruptedException {
			assertSpringIsAbsent();
			Thread thread = new Thread(() -> {
			});
			thread.start();
			thread.join(TimeUnit.MINUTES.toMillis(1));
		}

	}

	static void assertSpringIsAbsent() {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("org.springframework.context.ApplicationContext"));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	static class WorkerApp {

		@Bean
		SmartLifecycle workers() {
			return new StopIgnoringWorkers(() -> IsolatedRun.Runner.leaks.workerTask("reports-3"));
		}

	}

	@CheckThreadLeaks(maxWaitMillis = 100)
	@SpringBootTest(classes = WorkerApp.class)
	static class CachedWorkerSample {

		@Test
		void runs() {
		}

	}

}
