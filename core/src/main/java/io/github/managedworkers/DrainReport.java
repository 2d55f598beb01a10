package io.github.managedworkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a drain did: how many live tasks finished in time, how many had to be interrupted, and which ones were still
 * alive after that and were abandoned, with their stacks.
 *
 * @param workers the workers that were drained
 * @param elapsed how long the drain took
 * @param finished live tasks that ended before the drain timeout
 * @param interrupted live tasks that ended after being interrupted
 * @param notStarted tasks accepted before the drain that were still queued at its deadline: they never started, and
 * their futures were failed or cancelled
 * @param abandoned live tasks that were still alive after the interrupt grace, with their stacks
 */
public record DrainReport(List<String> workers, Duration elapsed, int finished, int interrupted, int notStarted,
		List<TaskSnapshot> abandoned) {

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
	 * Creates a report of a drain that left no task unstarted.
	 * @param workers the workers that were drained
	 * @param elapsed how long the drain took
	 * @param finished live tasks that ended before the drain timeout
	 * @param interrupted live tasks that ended after being interrupted
	 * @param abandoned live tasks still alive after the interrupt grace
	 */
	public DrainReport(List<String> workers, Duration elapsed, int finished, int interrupted,
			List<TaskSnapshot> abandoned) {
		this(workers, elapsed, finished, interrupted, 0, abandoned);
	}

	/**
	 * A report of a drain that had nothing to do.
	 * @param workers the workers
	 * @return the report
	 */
	public static DrainReport empty(List<String> workers) {
		return new DrainReport(workers, Duration.ZERO, 0, 0, List.of());
	}

	/**
	 * Whether every accepted task finished by itself: none interrupted, abandoned or left unstarted.
	 * @return whether the drain was clean
	 */
	public boolean isClean() {
		return this.interrupted == 0 && this.notStarted == 0 && this.abandoned.isEmpty();
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
				this.notStarted + other.notStarted, tasks);
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
