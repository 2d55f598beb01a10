package io.github.managedworkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a drain did with every task it found: each is counted once, by how it ended. The counts agree with the tasks'
 * futures and with the workers' own counters.
 *
 * @param workers the workers that were drained
 * @param elapsed how long the drain took
 * @param finished tasks that ended by themselves (returned or threw), before the deadline or during the grace
 * @param interrupted tasks that ended with the failure of the drain's interrupt (counted as interrupted by their
 * worker too)
 * @param abandoned tasks still running once the interrupt grace had passed, oldest first; their futures fail with
 * {@link AbandonedTaskException}. The oldest 100 of each worker carry their stacks; the rest an empty stack
 * @param notStarted queued tasks that had not started when the drain's deadline came; their futures fail with a
 * {@link RejectedTaskException} of reason {@link RejectedTaskException.Reason#DRAINED}
 */
public record DrainReport(List<String> workers, Duration elapsed, int finished, int interrupted,
		List<TaskSnapshot> abandoned, int notStarted) {

	/** Worker names a summary lists before it counts the rest. */
	private static final int MAX_NAMES = 20;

	/**
	 * Creates a report.
	 */
	public DrainReport {
		workers = List.copyOf(workers);
		abandoned = List.copyOf(abandoned);
	}

	/**
	 * Creates a report of a drain that found no queued task.
	 * @param workers the workers that were drained
	 * @param elapsed how long the drain took
	 * @param finished tasks that ended by themselves
	 * @param interrupted tasks that ended with the failure of the drain's interrupt
	 * @param abandoned tasks still running once the interrupt grace had passed
	 */
	public DrainReport(List<String> workers, Duration elapsed, int finished, int interrupted,
			List<TaskSnapshot> abandoned) {
		this(workers, elapsed, finished, interrupted, abandoned, 0);
	}

	/**
	 * A report of a drain that had nothing to do.
	 * @param workers the workers
	 * @return the report
	 */
	public static DrainReport empty(List<String> workers) {
		return new DrainReport(workers, Duration.ZERO, 0, 0, List.of(), 0);
	}

	/**
	 * Whether every task finished by itself: none interrupted, abandoned or left unstarted in a queue.
	 * @return whether the drain was clean
	 */
	public boolean isClean() {
		return this.interrupted == 0 && this.abandoned.isEmpty() && this.notStarted == 0;
	}

	/**
	 * This report and another, as one drain of both workers' sets.
	 * @param other another report of a drain that ran at the same time
	 * @return the combined report
	 */
	public DrainReport and(DrainReport other) {
		List<String> names = new ArrayList<>(this.workers);
		names.addAll(other.workers);
		List<TaskSnapshot> tasks = new ArrayList<>(this.abandoned);
		tasks.addAll(other.abandoned);
		Duration longest = (this.elapsed.compareTo(other.elapsed) >= 0) ? this.elapsed : other.elapsed;
		return new DrainReport(names, longest, this.finished + other.finished, this.interrupted + other.interrupted,
				tasks, this.notStarted + other.notStarted);
	}

	/**
	 * One line for a log: what was drained, how long it took, and what happened to the live tasks.
	 * @return the summary
	 */
	public String summary() {
		return "Drained " + count(this.workers.size(), "worker") + " " + names() + " in " + this.elapsed.toMillis()
				+ " ms: " + count(this.finished, "task") + " finished, " + this.interrupted + " interrupted, "
				+ this.abandoned.size() + " abandoned, " + this.notStarted + " never started";
	}

	/** The names, or the first of them when there are many: the summary is one log line. */
	private String names() {
		if (this.workers.size() <= MAX_NAMES) {
			return this.workers.toString();
		}
		return "[" + String.join(", ", this.workers.subList(0, MAX_NAMES)) + " and "
				+ (this.workers.size() - MAX_NAMES) + " more]";
	}

	private static String count(int n, String noun) {
		return n + " " + noun + ((n == 1) ? "" : "s");
	}

	@Override
	public String toString() {
		return summary();
	}

}
