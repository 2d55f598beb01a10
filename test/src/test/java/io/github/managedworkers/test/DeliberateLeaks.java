package io.github.managedworkers.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.github.managedworkers.internal.TaskRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Threads that a test leaks on purpose. Each blocks until {@link #releaseAll()} releases it, whatever interrupts come,
 * and releasing joins them all, so that the test class itself leaves nothing behind.
 */
final class DeliberateLeaks {

	static final Duration LONG = Duration.ofSeconds(30);

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private final List<ExecutorService> executors = new CopyOnWriteArrayList<>();

	/** A platform thread, returned once it is blocked. */
	Thread platformThread(String name) {
		Thread thread = new Thread(this::blockUntilReleased, name);
		thread.setDaemon(true);
		return started(thread);
	}

	/** A thread that looks like a task of a managed worker: its stack runs through core's TaskRun. */
	Thread workerTask(String name) {
		Thread thread = new Thread(new TaskRun(this::blockUntilReleased), name);
		thread.setDaemon(true);
		return started(thread);
	}

	/**
	 * A virtual thread (Java 21+), returned once it is blocked.
	 */
	Thread virtualThread(String name) {
		return started(unstartedVirtualThread(name, this::blockUntilReleased));
	}

	/** Made by reflection: this module compiles for Java 17. */
	static Thread unstartedVirtualThread(String name, Runnable task) {
		try {
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			builder = builderType.getMethod("name", String.class).invoke(builder, name);
			return (Thread) builderType.getMethod("unstarted", Runnable.class).invoke(builder, task);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Virtual threads need Java 21+", ex);
		}
	}

	/**
	 * A fixed pool that ran one task per thread and was never shut down, returned once its threads are idle,
	 * waiting for more work.
	 */
	ExecutorService executorNeverShutDown(int threads) throws Exception {
		List<Thread> poolThreads = new CopyOnWriteArrayList<>();
		ThreadFactory defaults = Executors.defaultThreadFactory();
		ExecutorService executor = Executors.newFixedThreadPool(threads, (runnable) -> {
			Thread thread = defaults.newThread(runnable);
			poolThreads.add(thread);
			return thread;
		});
		this.executors.add(executor);
		CountDownLatch allStarted = new CountDownLatch(threads);
		for (int i = 0; i < threads; i++) {
			executor.submit(() -> {
				allStarted.countDown();
				allStarted.await(1, TimeUnit.MINUTES);
				return null;
			});
		}
		assertThat(allStarted.await(LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		await().atMost(LONG).until(() -> poolThreads.stream().allMatch(DeliberateLeaks::waitsForWork));
		return executor;
	}

	/** Blocks until released, whatever interrupts come: nothing but {@link #releaseAll()} ends it. */
	void blockUntilReleased() {
		boolean interrupted = false;
		while (true) {
			try {
				this.release.await();
				break;
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private static boolean waitsForWork(Thread poolThread) {
		return poolThread.getState() == Thread.State.WAITING && Arrays.stream(poolThread.getStackTrace())
			.anyMatch((frame) -> frame.getMethodName().equals("getTask"));
	}

	private Thread started(Thread thread) {
		this.threads.add(thread);
		thread.start();
		await().atMost(LONG).until(() -> thread.getState() == Thread.State.WAITING);
		return thread;
	}

	void releaseAll() throws InterruptedException {
		this.release.countDown();
		for (Thread thread : this.threads) {
			thread.join(LONG.toMillis());
			assertThat(thread.isAlive()).as("%s ended", thread).isFalse();
		}
		for (ExecutorService executor : this.executors) {
			executor.shutdown();
			assertThat(executor.awaitTermination(LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
	}

}
