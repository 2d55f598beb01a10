package io.github.managedworkers.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.TaskKind;
import io.github.managedworkers.TaskSnapshot;

/**
 * Lists a worker's live tasks as snapshots, oldest first: with stacks on demand (taken together, see
 * {@link ThreadStacks}), or the stuck ones without.
 */
final class TaskListing {

	/** How many abandoned tasks a drain takes the stacks of: ~5 µs each on virtual threads, one safepoint else. */
	static final int ABANDONED_STACKS = 100;

	private static final int ABANDONED_FRAMES = 128;

	private final String worker;

	private final boolean virtual;

	TaskListing(String worker, boolean virtual) {
		this.worker = worker;
		this.virtual = virtual;
	}

	List<TaskSnapshot> tasks(LiveTasks live, int limit, int maxFrames) {
		if (limit < 0 || maxFrames < 0) {
			throw new IllegalArgumentException(
					"tasks(" + limit + ", " + maxFrames + "): limit and maxFrames must be zero or more");
		}
		List<TaskRun<?>> runs = oldestFirst(live.toList(), limit);
		@Nullable Thread[] threads = new Thread[runs.size()];
		for (int i = 0; i < threads.length; i++) {
			threads[i] = runs.get(i).thread;
		}
		StackTraceElement[][] stacks = ThreadStacks.of(threads, maxFrames, this.virtual);
		long nowNanos = System.nanoTime();
		Instant now = Instant.now();
		List<TaskSnapshot> tasks = new ArrayList<>(runs.size());
		for (int i = 0; i < threads.length; i++) {
			tasks.add(snapshotOf(runs.get(i), threads[i], stacks[i], nowNanos, now));
		}
		return tasks;
	}

	/**
	 * Abandoned tasks, oldest first: with the stacks of the oldest {@link #ABANDONED_STACKS} only, so that a drain
	 * that gives up on 100,000 tasks still ends within its bound.
	 */
	List<TaskSnapshot> abandoned(List<TaskRun<?>> runs) {
		if (runs.isEmpty()) {
			return List.of();
		}
		List<TaskRun<?>> oldest = oldestFirst(runs, Integer.MAX_VALUE);
		int sampled = Math.min(oldest.size(), ABANDONED_STACKS);
		@Nullable Thread[] threads = new Thread[oldest.size()];
		for (int i = 0; i < threads.length; i++) {
			threads[i] = oldest.get(i).thread;
		}
		StackTraceElement[][] stacks = ThreadStacks.of(Arrays.copyOf(threads, sampled), ABANDONED_FRAMES,
				this.virtual);
		long nowNanos = System.nanoTime();
		Instant now = Instant.now();
		List<TaskSnapshot> tasks = new ArrayList<>(threads.length);
		for (int i = 0; i < threads.length; i++) {
			tasks.add(snapshotOf(oldest.get(i), threads[i], (i < sampled) ? stacks[i] : ThreadStacks.NO_FRAMES,
					nowNanos, now));
		}
		return tasks;
	}

	/** The tasks live for longer than the threshold, a loop body excepted: it runs for the worker's life. */
	List<TaskSnapshot> stuck(LiveTasks live, Duration threshold, boolean loopBody, int limit) {
		long nowNanos = System.nanoTime();
		long thresholdNanos = StopSignal.saturatedNanos(threshold);
		List<TaskRun<?>> stuck = new ArrayList<>();
		for (TaskRun<?> run : live) {
			if (nowNanos - run.startNanos > thresholdNanos && !(loopBody && run.kind == TaskKind.BODY)) {
				stuck.add(run);
			}
		}
		Instant now = Instant.now();
		List<TaskSnapshot> tasks = new ArrayList<>();
		for (TaskRun<?> run : oldestFirst(stuck, limit)) {
			tasks.add(snapshotOf(run, run.thread, ThreadStacks.NO_FRAMES, nowNanos, now));
		}
		return tasks;
	}

	private static List<TaskRun<?>> oldestFirst(List<TaskRun<?>> runs, int limit) {
		runs.sort(Comparator.comparingLong((run) -> run.id));
		return (runs.size() > limit) ? runs.subList(0, limit) : runs;
	}

	private TaskSnapshot snapshotOf(TaskRun<?> run, @Nullable Thread thread, StackTraceElement[] stack, long nowNanos,
			Instant now) {
		Duration runningFor = Duration.ofNanos(Math.max(0, nowNanos - run.startNanos));
		return new TaskSnapshot(run.id, this.worker, run.kind, (thread != null) ? thread.getName() : run.threadName(),
				this.virtual, now.minus(runningFor), runningFor,
				(thread != null) ? thread.getState() : Thread.State.NEW, Arrays.asList(stack), run.groupId(),
				run.groupParentId(), run.label);
	}

}
