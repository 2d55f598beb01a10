package io.github.managedworkers.benchmarks;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The JDK 21 APIs the baselines need, reached by reflection: the benchmarks compile for Java 17 like the rest of the
 * project, and the virtual-thread cases are left out when the JVM has none.
 */
final class Jvm {

	private Jvm() {
	}

	static boolean hasVirtualThreads() {
		return Runtime.version().feature() >= 21;
	}

	/** {@code Executors.newVirtualThreadPerTaskExecutor()}: the raw baseline a managed task is measured against. */
	static ExecutorService newVirtualThreadPerTaskExecutor() {
		return (ExecutorService) invoke(Executors.class, null, "newVirtualThreadPerTaskExecutor");
	}

	/** A factory of virtual threads, for baselines that start threads one by one. */
	static ThreadFactory virtualThreadFactory() {
		Object builder = invoke(Thread.class, null, "ofVirtual");
		try {
			return (ThreadFactory) invoke(Class.forName("java.lang.Thread$Builder"), builder, "factory");
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Virtual threads when the JVM has them (as the managed workers' {@code AUTO} mode), platform otherwise. */
	static ThreadFactory autoThreadFactory() {
		return hasVirtualThreads() ? virtualThreadFactory() : Jvm::platformThread;
	}

	/**
	 * A raw platform thread: the baselines are what a user writes without managed workers, so they start threads of
	 * their own, not the registry's. Every benchmark joins or awaits the threads it starts before its trial ends.
	 */
	static Thread platformThread(Runnable runnable) {
		Thread thread = new Thread(runnable);
		thread.setDaemon(true);
		return thread;
	}

	/** Resident set size of this process, from {@code /proc}; -1 where there is none. */
	static long residentBytes() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException ex) {
			// not Linux
		}
		return -1;
	}

	private static Object invoke(Class<?> type, Object target, String method) {
		if (!hasVirtualThreads()) {
			throw new UnsupportedOperationException(
					"virtual threads need Java 21 or later; this is Java " + Runtime.version().feature());
		}
		try {
			return type.getMethod(method).invoke(target);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
