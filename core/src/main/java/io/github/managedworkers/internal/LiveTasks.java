package io.github.managedworkers.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The live tasks of one worker. A task joins with one append to a lock-free queue and leaves by marking itself
 * ended: the start and the end of a task touch no shared hash table, which the benchmarks found to cost more than
 * the rest of a submit together. Ended tasks are swept from the queue once they outnumber the live ones, so a sweep's
 * cost is paid by the appends that made it necessary. Iteration is weakly consistent and skips ended tasks.
 */
final class LiveTasks implements Iterable<TaskRun<?>> {

	/** Ended tasks tolerated beyond the live ones before a sweep, so that a small worker does not sweep every time. */
	private static final int SLACK = 256;

	private final ConcurrentLinkedQueue<TaskRun<?>> queue = new ConcurrentLinkedQueue<>();

	/** Exact, unlike the queue's size: the drain waits for it to reach zero. */
	private final AtomicInteger live = new AtomicInteger();

	/** Tasks in the queue, ended or not. */
	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicBoolean sweeping = new AtomicBoolean();

	void add(TaskRun<?> run) {
		int now = this.live.incrementAndGet();
		this.queue.offer(run);
		if (this.queued.incrementAndGet() > 2 * now + SLACK) {
			sweep();
		}
	}

	/**
	 * Ends a task: called once for each task added.
	 * @return the number of tasks still live
	 */
	int remove(TaskRun<?> run) {
		run.untracked = true;
		return this.live.decrementAndGet();
	}

	int size() {
		return this.live.get();
	}

	boolean isEmpty() {
		return this.live.get() == 0;
	}

	/** The live tasks, in no particular order. */
	List<TaskRun<?>> toList() {
		List<TaskRun<?>> runs = new ArrayList<>(size());
		for (TaskRun<?> run : this) {
			runs.add(run);
		}
		return runs;
	}

	@Override
	public Iterator<TaskRun<?>> iterator() {
		Iterator<TaskRun<?>> all = this.queue.iterator();
		return new Iterator<>() {

			private @Nullable TaskRun<?> next = advance();

			private @Nullable TaskRun<?> advance() {
				while (all.hasNext()) {
					TaskRun<?> run = all.next();
					if (!run.untracked) {
						return run;
					}
				}
				return null;
			}

			@Override
			public boolean hasNext() {
				return this.next != null;
			}

			@Override
			public TaskRun<?> next() {
				TaskRun<?> run = this.next;
				if (run == null) {
					throw new NoSuchElementException();
				}
				this.next = advance();
				return run;
			}

		};
	}

	/** Removes ended tasks; one sweeper at a time, and the others do not wait for it. */
	private void sweep() {
		if (!this.sweeping.compareAndSet(false, true)) {
			return;
		}
		try {
			int removed = 0;
			for (Iterator<TaskRun<?>> all = this.queue.iterator(); all.hasNext();) {
				if (all.next().untracked) {
					all.remove();
					removed++;
				}
			}
			this.queued.addAndGet(-removed);
		}
		finally {
			this.sweeping.set(false);
		}
	}

}
