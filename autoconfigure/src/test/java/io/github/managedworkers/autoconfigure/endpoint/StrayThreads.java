package io.github.managedworkers.autoconfigure.endpoint;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Threads started outside any registry, as a library or a forgotten {@code new Thread} would, for the tests of the
 * unowned view: each waits for a latch, a minute at most.
 */
public final class StrayThreads {

	private StrayThreads() {
	}

	/**
	 * Starts a virtual thread (Java 21+) that waits for the latch; by reflection, since tests compile for Java 17.
	 * @param name the thread's name
	 * @param release the latch it waits for
	 * @return the started thread
	 * @throws Exception if this JVM has no virtual threads
	 */
	public static Thread startVirtual(String name, CountDownLatch release) throws Exception {
		Class<?> builderType = Class.forName("java.lang.Thread$Builder");
		Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
		builder = builderType.getMethod("name", String.class).invoke(builder, name);
		Runnable waiting = () -> awaitQuietly(release);
		return (Thread) builderType.getMethod("start", Runnable.class).invoke(builder, waiting);
	}

	/**
	 * Waits for the latch, a minute at most, keeping an interrupt.
	 * @param latch the latch
	 */
	public static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(1, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
