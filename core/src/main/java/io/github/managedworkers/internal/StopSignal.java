package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.StopCause;

/**
 * A one-shot stop signal, Go's {@code ctx.Done()}: a flag for loops to check and a latch that wakes every sleeper at
 * once. Waking by signal rather than by interrupting each thread keeps stopping 10,000 sleeping tasks in
 * milliseconds.
 * <p>
 * Signals form a tree, as Go's derived contexts do: a worker's signal is a root, each task group's signal a child of
 * the signal its creator saw. Stopping a signal stops every signal beneath it.
 */
final class StopSignal {

	private static final StopSignal[] NONE = new StopSignal[0];

	private final CountDownLatch latch = new CountDownLatch(1);

	/** Null for a worker's signal. */
	private final @Nullable StopSignal parent;

	/** Runs on the stopping thread once the whole subtree is signalled; null for a worker's signal. */
	private final @Nullable Runnable onStop;

	private volatile boolean stopped;

	/** Set before {@link #stopped}; a child stopped from above takes its parent's cause. */
	private volatile @Nullable StopCause cause;

	/** Guarded by {@code this}; null until the first child. */
	private @Nullable Set<StopSignal> children;

	StopSignal() {
		this(null, null);
	}

	private StopSignal(@Nullable StopSignal parent, @Nullable Runnable onStop) {
		this.parent = parent;
		this.onStop = onStop;
	}

	/**
	 * Creates a signal that stops when this one stops; it is born stopped if this one already is.
	 * @param onStop what to run when it stops, after every signal beneath it is stopped
	 */
	StopSignal child(Runnable onStop) {
		StopSignal child = new StopSignal(this, onStop);
		synchronized (this) {
			if (!this.stopped) {
				if (this.children == null) {
					this.children = new HashSet<>();
				}
				this.children.add(child);
				return child;
			}
		}
		child.signal(causeOrDrain());
		return child;
	}

	/** Leaves the parent, so that the signals of finished groups do not pile up under a long-lived one. */
	void detach() {
		if (this.parent != null) {
			synchronized (this.parent) {
				if (this.parent.children != null) {
					this.parent.children.remove(this);
				}
			}
		}
	}

	boolean isStopped() {
		return this.stopped;
	}

	/** Why this signal stopped, or {@code null} while it has not. */
	@Nullable StopCause cause() {
		return this.cause;
	}

	private StopCause causeOrDrain() {
		StopCause known = this.cause;
		return (known != null) ? known : StopCause.DRAIN;
	}

	/** Stops this signal and every signal beneath it, then runs their hooks. */
	void stop(StopCause cause) {
		signal(cause);
		runHooks();
	}

	/**
	 * Stops this signal and every signal beneath it, without running hooks: a drain signals every worker before it
	 * runs any callback, since callbacks are user code and may be slow.
	 */
	void signal(StopCause cause) {
		StopSignal[] below;
		synchronized (this) {
			if (this.stopped) {
				return;
			}
			this.cause = cause;
			this.stopped = true;
			below = children();
		}
		this.latch.countDown();
		for (StopSignal child : below) {
			child.signal(cause);
		}
	}

	/** Runs the hooks of this signal and of every signal beneath it; a hook may run more than once. */
	void runHooks() {
		if (this.onStop != null) {
			this.onStop.run();
		}
		StopSignal[] below;
		synchronized (this) {
			below = children();
		}
		for (StopSignal child : below) {
			child.runHooks();
		}
	}

	private StopSignal[] children() {
		return (this.children != null) ? this.children.toArray(NONE) : NONE;
	}

	/**
	 * Waits the duration, or less if the signal comes or the thread is interrupted.
	 * @return {@code true} only if the whole duration passed
	 */
	boolean sleep(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("sleep(" + duration + "): the duration must be zero or more");
		}
		if (this.stopped) {
			return false;
		}
		try {
			return !this.latch.await(saturatedNanos(duration), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

}
