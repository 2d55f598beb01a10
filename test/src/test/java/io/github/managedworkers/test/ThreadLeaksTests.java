package io.github.managedworkers.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

class ThreadLeaksTests {

	private static final LeakOption QUICK = LeakOption.maxWait(Duration.ofMillis(50));

	private final DeliberateLeaks leaks = new DeliberateLeaks();

	private LeakOption before;

	@BeforeEach
	void recordTheThreadsAliveBefore() {
		this.before = LeakOption.ignoreCurrentThreads();
	}

	@AfterEach
	void releaseTheLeaks() throws InterruptedException {
		this.leaks.releaseAll();
	}

	@Test
	void aLeakedPlatformThreadIsReportedWithItsNameStateAndStack() {
		Thread thread = this.leaks.platformThread("leaky-1");
		ThreadLeakError error = catchThrowableOfType(ThreadLeakError.class,
				() -> ThreadLeaks.verifyNone(this.before, QUICK));
		assertThat(error.leaks()).singleElement().satisfies((leak) -> {
			assertThat(leak.id()).isEqualTo(thread.getId());
			assertThat(leak.name()).isEqualTo("leaky-1");
			assertThat(leak.state()).isEqualTo("WAITING");
			assertThat(leak.virtual()).isFalse();
			assertThat(leak.daemon()).isTrue();
			assertThat(leak.hasFrame("io.github.managedworkers.test.DeliberateLeaks.blockUntilReleased")).isTrue();
		});
		assertThat(error).hasMessageStartingWith("Found 1 leaked thread, still alive after waiting 50 ms:")
			.hasMessageContaining("\"leaky-1\" #" + thread.getId() + " platform daemon WAITING\n")
			.hasMessageContaining("java.util.concurrent.CountDownLatch.await(CountDownLatch.java:")
			.hasMessageContaining(
					"io.github.managedworkers.test.DeliberateLeaks.blockUntilReleased(DeliberateLeaks.java:");
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aLeakedVirtualThreadIsReported() {
		assertThat(ThreadLeaks.seesVirtualThreads()).isTrue();
		Thread thread = this.leaks.virtualThread("leaky-virtual");
		ThreadLeakError error = catchThrowableOfType(ThreadLeakError.class,
				() -> ThreadLeaks.verifyNone(this.before, QUICK));
		assertThat(error.leaks()).singleElement().satisfies((leak) -> {
			assertThat(leak.id()).isEqualTo(thread.getId());
			assertThat(leak.name()).isEqualTo("leaky-virtual");
			assertThat(leak.virtual()).isTrue();
			assertThat(leak.hasFrame("io.github.managedworkers.test.DeliberateLeaks.blockUntilReleased")).isTrue();
		});
		assertThat(error).hasMessageContaining("\"leaky-virtual\" #" + thread.getId() + " virtual ");
		assertThat(Thread.getAllStackTraces()).as("what goleak's imitations see").doesNotContainKey(thread);
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aVirtualThreadBlockedOnASocketIsReportedButNotTheJdksPollers() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
				Socket accepted = server.accept()) {
			Thread reader = DeliberateLeaks.unstartedVirtualThread("socket-reader", () -> {
				try {
					client.getInputStream().read();
				}
				catch (IOException ex) {
					// closed: the test is over
				}
			});
			reader.start();
			await().atMost(DeliberateLeaks.LONG).until(() -> reader.getState() == Thread.State.WAITING);
			assertThat(ThreadLeaks.find(this.before, QUICK)).extracting(LiveThread::name)
				.containsExactly("socket-reader");
			accepted.close();
			reader.join(DeliberateLeaks.LONG.toMillis());
		}
	}

	@Test
	void theIdleThreadsOfAnExecutorNeverShutDownAreLeaks() throws Exception {
		this.leaks.executorNeverShutDown(2);
		List<LiveThread> found = ThreadLeaks.find(this.before, QUICK);
		assertThat(found).hasSize(2)
			.allSatisfy((leak) -> assertThat(leak.name()).matches("pool-\\d+-thread-[12]"))
			.allSatisfy(
					(leak) -> assertThat(leak.hasFrame("java.util.concurrent.ThreadPoolExecutor.getTask")).isTrue());
	}

	@Test
	void aThreadThatEndsWhileTheCheckWaitsIsNotALeak() {
		Thread checker = Thread.currentThread();
		Thread ending = new Thread(() -> {
			// Ends only once the check has looked, found it and backed off.
			await().atMost(DeliberateLeaks.LONG).until(() -> isBackingOff(checker));
		}, "ending");
		ending.start();
		assertThat(ThreadLeaks.find(this.before, LeakOption.maxWait(DeliberateLeaks.LONG))).isEmpty();
		assertThat(ending.isAlive()).isFalse();
	}

	@Test
	void aThreadStillAliveAfterTheMaxWaitIsALeak() {
		this.leaks.platformThread("stays");
		long start = System.nanoTime();
		List<LiveThread> found = ThreadLeaks.find(this.before, LeakOption.maxWait(Duration.ofMillis(300)));
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		assertThat(found).extracting(LiveThread::name).containsExactly("stays");
		assertThat(waited).isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
	}

	@Test
	void aCleanRunPassesAtOnce() throws InterruptedException {
		Thread done = new Thread(() -> {
		}, "done");
		done.start();
		done.join(TimeUnit.MINUTES.toMillis(1));
		long start = System.nanoTime();
		assertThatNoException().isThrownBy(() -> ThreadLeaks.verifyNone(this.before));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void threadsAreIgnoredByTheirWholeName() {
		this.leaks.platformThread("poller-1");
		this.leaks.platformThread("poller-2");
		this.leaks.platformThread("mailer");
		assertThat(ThreadLeaks.find(this.before, QUICK, LeakOption.ignoreThreadsNamed("poller-\\d+")))
			.extracting(LiveThread::name)
			.containsExactly("mailer");
		assertThat(ThreadLeaks.find(this.before, QUICK, LeakOption.ignoreThreadsNamed("poll"))).hasSize(3);
	}

	@Test
	void threadsAreIgnoredByAFrameOfTheirStack() {
		this.leaks.platformThread("blocked");
		String fixture = DeliberateLeaks.class.getName();
		assertThat(ThreadLeaks.find(this.before, QUICK, LeakOption.ignoreThreadsWithFrame(fixture))).isEmpty();
		assertThat(ThreadLeaks.find(this.before, QUICK,
				LeakOption.ignoreThreadsWithFrame(fixture + ".blockUntilReleased")))
			.isEmpty();
		assertThat(ThreadLeaks.find(this.before, QUICK, LeakOption.ignoreThreadsWithFrame(fixture + ".releaseAll")))
			.extracting(LiveThread::name)
			.containsExactly("blocked");
		assertThat(ThreadLeaks.find(this.before, QUICK,
				LeakOption.ignoreThreadsWithFrame("java.util.concurrent.CountDownLatch.await")))
			.isEmpty();
	}

	@Test
	void ignoreCurrentThreadsIgnoresWhatWasAliveWhenItWasMade() {
		this.leaks.platformThread("earlier");
		LeakOption now = LeakOption.ignoreCurrentThreads();
		this.leaks.platformThread("later");
		assertThat(ThreadLeaks.find(now, QUICK)).extracting(LiveThread::name).containsExactly("later");
	}

	@Test
	void theJvmsAndTheTestRunnersOwnThreadsAreIgnoredByDefault() {
		assertThat(ThreadLeaks.find(LeakOption.maxWait(Duration.ZERO))).extracting(LiveThread::name)
			.doesNotContain("main", "Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner",
					"Notification Thread")
			.noneMatch((name) -> name.startsWith("surefire-forkedjvm-"));
	}

	@Test
	void theMessageSaysHowToIgnoreALeakOnPurpose() {
		this.leaks.platformThread("cache-refresher-7");
		ThreadLeakError error = catchThrowableOfType(ThreadLeakError.class,
				() -> ThreadLeaks.verifyNone(this.before, QUICK));
		assertThat(error).hasMessageContaining("stop or close what started it")
			.hasMessageContaining("To ignore a thread on purpose, by its name or by a frame of its stack:\n"
					+ "    ThreadLeaks.verifyNone(LeakOption.ignoreThreadsNamed(\"cache-refresher-\\\\d+\"))\n"
					+ "    ThreadLeaks.verifyNone(LeakOption.ignoreThreadsWithFrame("
					+ "\"io.github.managedworkers.test.DeliberateLeaks\"))\n"
					+ "    @CheckThreadLeaks(ignoreNamed = \"cache-refresher-\\\\d+\", "
					+ "ignoreFrames = \"io.github.managedworkers.test.DeliberateLeaks\")\n");
		// What the message suggests does ignore the thread.
		assertThat(ThreadLeaks.find(this.before, QUICK, LeakOption.ignoreThreadsNamed("cache-refresher-\\d+")))
			.isEmpty();
	}

	@Test
	void aTaskOfAManagedWorkerIsNamedAsSuchWithItsWorker() {
		this.leaks.workerTask("jobs-42");
		ThreadLeakError error = catchThrowableOfType(ThreadLeakError.class,
				() -> ThreadLeaks.verifyNone(this.before, QUICK));
		assertThat(error.leaks()).singleElement().satisfies((leak) -> assertThat(leak.isWorkerTask()).isTrue());
		assertThat(error).hasMessageContaining("WAITING, a task of managed worker 'jobs' that did not stop\n")
			.hasMessageContaining("A task of a managed worker should return once ctx.isStopping() is true");
	}

	/** Whether the thread sleeps between two looks of a leak check. */
	private static boolean isBackingOff(Thread checker) {
		if (checker.getState() != Thread.State.TIMED_WAITING) {
			return false;
		}
		for (StackTraceElement frame : checker.getStackTrace()) {
			if (frame.getClassName().equals(ThreadLeaks.class.getName())
					&& frame.getMethodName().equals("awaitEnd")) {
				return true;
			}
		}
		return false;
	}

}
