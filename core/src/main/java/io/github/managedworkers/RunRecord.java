package io.github.managedworkers;

import java.time.Instant;

/**
 * One finished run of a worker's body, as the endpoint shows it under {@code lastRun}.
 *
 * @param startedAt when it started
 * @param endedAt when it ended
 * @param outcome how it ended
 */
public record RunRecord(Instant startedAt, Instant endedAt, TaskOutcome outcome) {

}
