/**
 * A Micrometer {@code Observation} per task and per body run of every worker: a span in traces, parented by the
 * observation current when the task was submitted, so that a trace shows background work under the request that
 * caused it.
 */
@NullMarked
package io.github.managedworkers.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
