package io.github.managedworkers.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The live tasks of one worker, in a few arrays striped by task id: a task takes a slot when it starts and gives it
 * up when it ends, both in constant time. An ended task is out at once: nothing here keeps it, or what it references,
 * alive for the collector to copy. Striping keeps tasks starting and ending at once off one lock; no hash table is
 * touched, which the benchmarks found to cost more than the rest of a submit. Iteration works on a copy, taken one
 * stripe at a time.
 */
final class LiveTasks implements Iterable<TaskRun<?>> {

	/** A power of two: more than the cores of most hosts, few enough to copy quickly. */
	private static final int STRIPES = 16;

	private final Stripe[] stripes = new Stripe[STRIPES];

	/** Exact: the drain waits for it to reach zero. */
	private final AtomicInteger live = new AtomicInteger();

	LiveTasks() {
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new Stripe();
		}
	}

	void add(TaskRun<?> run) {
		this.live.incrementAndGet();
		stripe(run).link(run);
	}

	/**
	 * Ends a task: called once for each task added.
	 * @return the number of tasks still live
	 */
	int remove(TaskRun<?> run) {
		stripe(run).unlink(run);
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
		List<TaskRun<?>> runs = new ArrayList<>(size() + STRIPES);
		for (Stripe stripe : this.stripes) {
			stripe.copyTo(runs);
		}
		return runs;
	}

	/** Iterates over the tasks live when it was called (a copy): a task may end meanwhile. */
	@Override
	public Iterator<TaskRun<?>> iterator() {
		return toList().iterator();
	}

	private Stripe stripe(TaskRun<?> run) {
		return this.stripes[(int) run.id & (STRIPES - 1)];
	}

	/**
	 * The tasks of one stripe in an array, each task knowing its slot: an end moves the last task into the freed
	 * slot. An array, not a linked list: the collector scans an array in parallel chunks, while a chain of 100,000
	 * live nodes is followed one node at a time, which made every young collection of the in-flight benchmark slow.
	 */
	private static final class Stripe {

		private static final int MIN_CAPACITY = 16;

		private @Nullable TaskRun<?>[] runs = new TaskRun<?>[MIN_CAPACITY];

		private int size;

		synchronized void link(TaskRun<?> run) {
			if (this.size == this.runs.length) {
				this.runs = Arrays.copyOf(this.runs, 2 * this.size);
			}
			run.liveSlot = this.size;
			this.runs[this.size++] = run;
		}

		synchronized void unlink(TaskRun<?> run) {
			int last = --this.size;
			TaskRun<?> moved = this.runs[last];
			if (moved != null && moved != run) {
				this.runs[run.liveSlot] = moved;
				moved.liveSlot = run.liveSlot;
			}
			this.runs[last] = null;
			if (this.runs.length > MIN_CAPACITY && this.size < this.runs.length / 4) {
				this.runs = Arrays.copyOf(this.runs, this.runs.length / 2);
			}
		}

		synchronized void copyTo(List<TaskRun<?>> into) {
			for (int i = 0; i < this.size; i++) {
				into.add(Objects.requireNonNull(this.runs[i]));
			}
		}

	}

}
