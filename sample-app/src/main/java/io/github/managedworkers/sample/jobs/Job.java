package io.github.managedworkers.sample.jobs;

/**
 * A claimed job.
 *
 * @param id its id
 * @param workMillis how long its work takes
 */
public record Job(long id, int workMillis) {
}
