package io.github.managedworkers.internal;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import io.github.managedworkers.InvalidWorkerSpecException;
import io.github.managedworkers.ThreadMode;

/**
 * The one place that creates the threads of workers. On virtual threads (Java 21+, reached by reflection since the
 * project is compiled for Java 17) every task gets a thread of its own. On platform threads tasks run on a pool of
 * owned daemon threads that this registry starts, names after the task they run, and stops when the registry closes:
 * starting an OS thread per task costs ~150 µs, a pooled hand-off well under a microsecond. Ownership is about who
 * stops and waits for a thread, not about a thread per task. Threads inherit no inheritable thread-locals: what a
 * task needs from its submitter is handed over explicitly.
 */
final class WorkerThreads {

	private static final @Nullable ThreadFactory VIRTUAL = virtualThreadFactory();

	/** How long an idle pooled thread waits for the next task before it ends, as Spring Boot's executor keeps one. */
	private static final Duration KEEP_ALIVE = Duration.ofSeconds(60);

	private final @Nullable ThreadFactory virtualFactory;

	/** Null on virtual threads; replaced by a fresh one when a drain retires it. */
	private volatile @Nullable TaskThreadPool pool;

	private WorkerThreads(@Nullable ThreadFactory virtualFactory) {
		this.virtualFactory = virtualFactory;
		this.pool = (virtualFactory == null) ? new TaskThreadPool() : null;
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

	boolean virtual() {
		return this.virtualFactory != null;
	}

	/** Whether tasks run on pooled platform threads, which run a worker's queued tasks one after another. */
	boolean pooled() {
		return this.virtualFactory == null;
	}

	ThreadMode mode() {
		return virtual() ? ThreadMode.VIRTUAL : ThreadMode.PLATFORM;
	}

	/**
	 * Runs a tracked task: on a new virtual thread, or on a pooled platform thread that takes the task's name while
	 * it runs it.
	 */
	void start(TaskRun<?> run, String name) {
		if (this.virtualFactory == null) {
			TaskThreadPool tasks = this.pool;
			if (tasks == null) {
				throw new RejectedExecutionException("The worker registry is closed: its threads have ended");
			}
			tasks.execute(run);
			return;
		}
		Thread thread = newThread(name, run);
		run.thread = thread;
		thread.start();
	}

	/**
	 * Creates an unstarted thread of its own, for a body's supervisor; the caller tracks it before it starts it.
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

	/** Adds the ids of the pooled platform threads alive now, idle or busy. */
	void collectPoolThreads(Set<Long> ids) {
		TaskThreadPool tasks = this.pool;
		if (tasks != null) {
			for (Thread thread : tasks.threads) {
				ids.add(thread.getId());
			}
		}
	}

	/**
	 * Ends the pooled threads after a drain, so that a drained registry leaves no thread behind: idle ones end at
	 * once, one still running an abandoned task when it ends. A registry started again gets a fresh pool.
	 * @param wait how long to wait for them to end
	 * @param reopen whether later tasks may still come (a drain), or not (a close)
	 */
	void retirePool(Duration wait, boolean reopen) {
		TaskThreadPool retired;
		synchronized (this) {
			retired = this.pool;
			if (retired == null) {
				return;
			}
			this.pool = reopen ? new TaskThreadPool() : null;
		}
		retired.shutdown();
		try {
			retired.awaitTermination(StopSignal.saturatedNanos(wait), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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

	/**
	 * Owned platform threads handed one task at a time, without a queue of their own: the worker's bulkhead is the
	 * bound, so the pool grows to the tasks in flight and shrinks when they end; a worker's queued tasks are taken by
	 * the thread that ends one of its tasks. A thread is named after the task it runs, so that
	 * log lines name the worker and the task, and {@code idle} between tasks.
	 */
	private static final class TaskThreadPool extends ThreadPoolExecutor {

		private static final AtomicInteger POOLS = new AtomicInteger();

		private final String idleName;

		/** The pool's live threads, so that the registry can say which threads are its own. */
		final Set<Thread> threads;

		TaskThreadPool() {
			this(POOLS.incrementAndGet(), ConcurrentHashMap.newKeySet());
		}

		private TaskThreadPool(int pool, Set<Thread> threads) {
			super(0, Integer.MAX_VALUE, KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS, new SynchronousQueue<>(),
					idleThreads("managed-workers-" + pool + "-idle-", threads));
			this.idleName = "managed-workers-" + pool + "-idle";
			this.threads = threads;
		}

		private static ThreadFactory idleThreads(String prefix, Set<Thread> threads) {
			AtomicInteger count = new AtomicInteger();
			return (runnable) -> {
				Thread[] self = new Thread[1];
				// Owned: the registry tracks the pool's threads, and a drain or close ends them.
				Thread thread = new Thread(null, () -> {
					try {
						runnable.run();
					}
					finally {
						threads.remove(self[0]);
					}
				}, prefix + count.incrementAndGet(), 0, false);
				self[0] = thread;
				thread.setDaemon(true);
				threads.add(thread);
				return thread;
			};
		}

		@Override
		protected void beforeExecute(Thread thread, Runnable task) {
			if (task instanceof TaskRun<?> run) {
				thread.setName(run.threadName());
				run.thread = thread;
			}
		}

		@Override
		protected void afterExecute(Runnable task, @Nullable Throwable failure) {
			cleanUp();
			if (failure == null && task instanceof TaskRun<?> run) {
				// The worker's queued tasks run here, one after another, while it has them and a permit is free: no
				// hand-off to another thread, no wake-up, as a ThreadPoolExecutor's worker takes from its queue.
				Thread thread = Thread.currentThread();
				for (TaskRun<?> next = run.worker.nextQueued(); next != null; next = next.worker.nextQueued()) {
					beforeExecute(thread, next);
					next.run();
					cleanUp();
				}
			}
			Thread.currentThread().setName(this.idleName);
		}

		/** An interrupt, or a logging context, left by the task that just ended must not reach the next one. */
		private static void cleanUp() {
			Thread.interrupted();
			MDC.clear();
		}

	}

}
