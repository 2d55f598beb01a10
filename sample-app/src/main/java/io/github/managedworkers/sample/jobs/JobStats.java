package io.github.managedworkers.sample.jobs;

/**
 * How many jobs are in each state, and how many were completed more than once (which must never happen).
 *
 * @param queued waiting to be claimed
 * @param running claimed and running
 * @param done completed
 * @param duplicates completed more than once
 */
public record JobStats(long queued, long running, long done, long duplicates) {
}
