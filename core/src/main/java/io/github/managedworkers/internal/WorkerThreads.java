package io.github.managedworkers.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.InvalidWorkerSpecException;
import io.github.managedworkers.ThreadMode;

/**
 * The one place that creates the threads of workers: virtual threads on Java 21+ (reached by reflection, since the
 * project is compiled for Java 17), platform daemon threads otherwise. Threads inherit no inheritable thread-locals:
 * what a task needs from its submitter is handed over explicitly.
 */
final class WorkerThreads {

	private static final @Nullable ThreadFactory VIRTUAL = virtualThreadFactory();

	private final @Nullable ThreadFactory virtualFactory;

	private WorkerThreads(@Nullable ThreadFactory virtualFactory) {
		this.virtualFactory = virtualFactory;
	}

	static WorkerThreads of(ThreadMode mode) {
		return switch (mode) {
			case PLATFORM -> new WorkerThreads(null);
			case AUTO -> new WorkerThreads(VIRTUAL);
			case VIRTUAL -> {
				if (VIRTUAL == null) {
					throw new InvalidWorkerSpecException(null, "threads", mode,
							"AUTO or PLATFORM on Java " + Runtime.version().feature()
									+ "; VIRTUAL needs Java 21 or later");
				}
				yield new WorkerThreads(VIRTUAL);
			}
		};
	}

	static boolean virtualThreadsAvailable() {
		return VIRTUAL != null;
	}

	boolean virtual() {
		return this.virtualFactory != null;
	}

	ThreadMode mode() {
		return virtual() ? ThreadMode.VIRTUAL : ThreadMode.PLATFORM;
	}

	/**
	 * Creates an unstarted thread; the caller tracks it before it starts it.
	 */
	Thread newThread(String name, Runnable runnable) {
		if (this.virtualFactory != null) {
			Thread thread = this.virtualFactory.newThread(runnable);
			thread.setName(name);
			return thread;
		}
		// The registry tracks and drains this thread like any task thread: it is owned, not stray.
		Thread thread = new Thread(null, runnable, name, 0, false);
		thread.setDaemon(true);
		return thread;
	}

	private static @Nullable ThreadFactory virtualThreadFactory() {
		try {
			Method ofVirtual = Thread.class.getMethod("ofVirtual");
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			Object builder = ofVirtual.invoke(null);
			builder = builderType.getMethod("inheritInheritableThreadLocals", boolean.class).invoke(builder, false);
			return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return null; // before Java 21
		}
	}

}
