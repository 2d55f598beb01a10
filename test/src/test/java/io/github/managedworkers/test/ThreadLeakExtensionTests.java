package io.github.managedworkers.test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs sample test classes with the extension, as a user's build would, and looks at how each ends. The samples
 * are nested classes, which Maven Surefire does not run by themselves.
 */
class ThreadLeakExtensionTests {

	/** Where the samples leak threads; released after each test. */
	static DeliberateLeaks leaks;

	@BeforeEach
	void createLeaks() {
		leaks = new DeliberateLeaks();
	}

	@AfterEach
	void releaseLeaks() throws InterruptedException {
		leaks.releaseAll();
	}

	@Test
	void aClassThatLeaksAThreadFailsWithTheThreadInItsReport() {
		EngineExecutionResults results = run(LeakingSample.class);
		results.testEvents().assertStatistics((stats) -> stats.succeeded(1).failed(0));
		assertThat(failureOf(results, LeakingSample.class)).isInstanceOfSatisfying(ThreadLeakError.class,
				(error) -> assertThat(error.leaks()).extracting(LiveThread::name).containsExactly("leaked-by-sample"))
			.hasMessageStartingWith("Found 1 leaked thread, still alive after waiting 100 ms:")
			.hasMessageContaining("\"leaked-by-sample\" #");
	}

	@Test
	void aCleanClassPasses() {
		assertThat(failureOf(run(CleanSample.class), CleanSample.class)).isNull();
	}

	@Test
	void theCheckRunsAfterAfterAllMethods() {
		assertThat(failureOf(run(StopsItsExecutorInAfterAllSample.class), StopsItsExecutorInAfterAllSample.class))
			.isNull();
	}

	@Test
	void everyClassIsCheckedWhenTheExtensionIsAutodetected() {
		assertThat(failureOf(run(UnannotatedLeakingSample.class), UnannotatedLeakingSample.class)).isNull();
		EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
			.configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
			.selectors(selectClass(UnannotatedLeakingSample.class))
			.execute();
		assertThat(failureOf(results, UnannotatedLeakingSample.class)).isInstanceOf(ThreadLeakError.class)
			.hasMessageContaining("\"leaked-without-annotation\" #");
	}

	@Test
	void theAnnotationIgnoresThreadsByNameAndByFrame() {
		assertThat(failureOf(run(IgnoringSample.class), IgnoringSample.class)).isNull();
	}

	@Test
	void aNestedClassReportsItsOwnLeakAndItsEnclosingClassDoesNotAgain() {
		EngineExecutionResults results = run(EnclosingSample.class);
		assertThat(failureOf(results, EnclosingSample.Inner.class)).isInstanceOf(ThreadLeakError.class)
			.hasMessageContaining("\"leaked-by-nested\" #");
		assertThat(failureOf(results, EnclosingSample.class)).isNull();
	}

	@Test
	void aNestedClassAddsItsIgnoresToThoseOfItsEnclosingClass() {
		EngineExecutionResults results = run(EnclosingIgnoringSample.class);
		assertThat(failureOf(results, EnclosingIgnoringSample.Inner.class)).isNull();
		assertThat(failureOf(results, EnclosingIgnoringSample.class)).isNull();
	}

	@Test
	void aNegativeMaxWaitIsAnExplicitError() {
		assertThat(failureOf(run(NegativeWaitSample.class), NegativeWaitSample.class))
			.isInstanceOf(ExtensionConfigurationException.class)
			.hasMessage("@CheckThreadLeaks(maxWaitMillis = -1) on " + NegativeWaitSample.class.getName()
					+ " is negative: give 0 or more milliseconds");
	}

	@Test
	void aBadOptionInTheAnnotationIsAnExplicitError() {
		assertThat(failureOf(run(BadFrameSample.class), BadFrameSample.class))
			.isInstanceOf(ExtensionConfigurationException.class)
			.hasMessageStartingWith("@CheckThreadLeaks on " + BadFrameSample.class.getName()
					+ ": ignoreThreadsWithFrame(\"com.example.NoSuchPoller\") names no class or method");
	}

	@Test
	void registeringTheExtensionForSingleTestsIsAnExplicitError() {
		EngineExecutionResults results = run(InstanceFieldSample.class);
		results.testEvents().assertStatistics((stats) -> stats.failed(1));
		Throwable failure = results.testEvents().failed().stream().findFirst().map(ThreadLeakExtensionTests::failure)
			.orElseThrow();
		assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
			.hasMessageContaining("ThreadLeakExtension checks whole test classes, but "
					+ InstanceFieldSample.class.getName() + " registered it for single tests");
	}

	@Test
	void turningOffTheClosingOfStoredValuesIsAnExplicitError() {
		EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
			.configurationParameter("junit.jupiter.extensions.store.close.autocloseable.enabled", "false")
			.selectors(selectClass(CleanSample.class))
			.execute();
		assertThat(failureOf(results, CleanSample.class)).isInstanceOf(ExtensionConfigurationException.class)
			.hasMessageContaining("junit.jupiter.extensions.store.close.autocloseable.enabled=false");
	}

	static EngineExecutionResults run(Class<?> sample) {
		return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute();
	}

	/** How the container of a test class ended: {@code null} when it succeeded. */
	static Throwable failureOf(EngineExecutionResults results, Class<?> testClass) {
		Event finished = results.containerEvents()
			.finished()
			.filter((event) -> event.getTestDescriptor().getLegacyReportingName().equals(testClass.getName())
					|| event.getTestDescriptor().getUniqueId().toString().endsWith(testClass.getSimpleName() + "]"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No container finished for " + testClass));
		return failure(finished);
	}

	private static Throwable failure(Event event) {
		return event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElse(null);
	}

	@CheckThreadLeaks(maxWaitMillis = 100)
	static class LeakingSample {

		@Test
		void leaksAThread() {
			leaks.platformThread("leaked-by-sample");
		}

	}

	@CheckThreadLeaks
	static class CleanSample {

		@Test
		void startsAndJoinsAThread() throws InterruptedException {
			Thread thread = new Thread(() -> {
			}, "joined");
			thread.start();
			thread.join(TimeUnit.MINUTES.toMillis(1));
		}

	}

	@CheckThreadLeaks(maxWaitMillis = 0)
	static class StopsItsExecutorInAfterAllSample {

		static ExecutorService executor = Executors.newSingleThreadExecutor();

		@Test
		void runsATask() throws Exception {
			assertThat(executor.submit(() -> 42).get(1, TimeUnit.MINUTES)).isEqualTo(42);
		}

		@AfterAll
		static void stopTheExecutor() throws InterruptedException {
			executor.shutdown();
			assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}

	}

	static class UnannotatedLeakingSample {

		@Test
		void leaksAThread() {
			leaks.platformThread("leaked-without-annotation");
		}

	}

	@CheckThreadLeaks(maxWaitMillis = 100, ignoreNamed = "ignored-by-name-\\d+",
			ignoreFrames = "java.util.concurrent.ThreadPoolExecutor.getTask")
	static class IgnoringSample {

		@Test
		void leaksIgnoredThreads() throws Exception {
			leaks.platformThread("ignored-by-name-1");
			leaks.executorNeverShutDown(1);
		}

	}

	@CheckThreadLeaks(maxWaitMillis = 100)
	static class EnclosingSample {

		@Test
		void isClean() {
		}

		@Nested
		class Inner {

			@Test
			void leaksAThread() {
				leaks.platformThread("leaked-by-nested");
			}

		}

	}

	@CheckThreadLeaks(maxWaitMillis = 100, ignoreNamed = "ignored-by-enclosing")
	static class EnclosingIgnoringSample {

		@Nested
		@CheckThreadLeaks(maxWaitMillis = 100, ignoreNamed = "ignored-by-nested")
		class Inner {

			@Test
			void leaksIgnoredThreads() {
				leaks.platformThread("ignored-by-enclosing");
				leaks.platformThread("ignored-by-nested");
			}

		}

	}

	@CheckThreadLeaks(maxWaitMillis = -1)
	static class NegativeWaitSample {

		@Test
		void test() {
		}

	}

	@CheckThreadLeaks(ignoreFrames = "com.example.NoSuchPoller")
	static class BadFrameSample {

		@Test
		void test() {
		}

	}

	static class InstanceFieldSample {

		@RegisterExtension
		ThreadLeakExtension leakCheck = new ThreadLeakExtension();

		@Test
		void test() {
		}

	}

}
