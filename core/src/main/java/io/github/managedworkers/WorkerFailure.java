package io.github.managedworkers;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The last failure of a worker's body or of one of its tasks.
 *
 * @param type the exception's class name
 * @param message the exception's message, or {@code null}
 * @param time when it happened
 * @param taskId the id of the task that failed
 * @param kind whether the body or a submitted task failed
 */
public record WorkerFailure(String type, @Nullable String message, Instant time, long taskId, TaskKind kind) {

}
