package io.github.managedworkers;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * When a worker's body runs, as Spring's {@code Trigger} decides it for a scheduled task. One body run never overlaps
 * the next: a run that ends after its successor was due makes the successor start at once. Core knows fixed delays
 * and fixed rates; the Spring Boot integration adds cron expressions.
 */
public interface Schedule {

	/**
	 * When the next run should start.
	 * @param lastScheduled when the previous run was due, or {@code null} before the first run
	 * @param lastEnded when the previous run ended, or {@code null} before the first run
	 * @param now the current time
	 * @return the next start, in the past to start at once; {@code null} when no run follows
	 */
	@Nullable Instant nextRun(@Nullable Instant lastScheduled, @Nullable Instant lastEnded, Instant now);

	/**
	 * The schedule as an operator reads it: {@code "every 1s"}, {@code "rate 5s"}, {@code "cron 0 0 * * * * UTC"}.
	 * @return the description
	 */
	String describe();

	/**
	 * Runs the body, then waits the delay (from the end of one run to the start of the next), as Spring's
	 * {@code fixedDelay} and the {@code every} setting do. The first run starts at once.
	 * @param delay a positive delay
	 * @return the schedule
	 */
	static Schedule fixedDelay(Duration delay) {
		checkPositive("fixedDelay", delay);
		return new Schedule() {

			@Override
			public Instant nextRun(@Nullable Instant lastScheduled, @Nullable Instant lastEnded, Instant now) {
				return (lastEnded != null) ? lastEnded.plus(delay) : now;
			}

			@Override
			public String describe() {
				return "every " + Durations.format(delay);
			}

		};
	}

	/**
	 * Starts a run every period, counted from when the previous one was due, as Spring's {@code fixedRate}: a run
	 * that takes longer than the period is followed at once by the next, never overlapped. The first run starts at
	 * once.
	 * @param period a positive period
	 * @return the schedule
	 */
	static Schedule fixedRate(Duration period) {
		checkPositive("fixedRate", period);
		return new Schedule() {

			@Override
			public Instant nextRun(@Nullable Instant lastScheduled, @Nullable Instant lastEnded, Instant now) {
				return (lastScheduled != null) ? lastScheduled.plus(period) : now;
			}

			@Override
			public String describe() {
				return "rate " + Durations.format(period);
			}

		};
	}

	private static void checkPositive(String setting, Duration duration) {
		Objects.requireNonNull(duration, setting);
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidWorkerSpecException(null, setting, duration, "a positive duration");
		}
	}

}
