package io.github.managedworkers;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Receives what happens to workers and their tasks, so that metrics and logs can follow it without the core
 * depending on them. Every method has an empty default; implement the ones you need.
 * <p>
 * Methods are called on the thread where the event happens, often a task's own thread, so they must be quick and
 * must not block. An exception thrown here is logged and otherwise ignored.
 */
public interface WorkerListener {

	/**
	 * A worker was added to the registry.
	 * @param worker the worker
	 */
	default void workerRegistered(WorkerHandle worker) {
	}

	/**
	 * A worker was removed from the registry, after it was stopped.
	 * @param worker the worker
	 */
	default void workerRemoved(WorkerHandle worker) {
	}

	/**
	 * A worker moved from one state to another.
	 * @param worker the worker
	 * @param from the state before
	 * @param to the state now
	 */
	default void stateChanged(WorkerHandle worker, WorkerState from, WorkerState to) {
	}

	/**
	 * A body run or a submitted task started, on its own thread.
	 * @param worker the worker
	 * @param kind body or task
	 */
	default void taskStarted(WorkerHandle worker, TaskKind kind) {
	}

	/**
	 * A body run or a submitted task ended, on its own thread.
	 * @param worker the worker
	 * @param kind body or task
	 * @param outcome how it ended: {@link TaskOutcome#COMPLETED}, {@link TaskOutcome#FAILED} or
	 * {@link TaskOutcome#INTERRUPTED}
	 * @param durationNanos how long it ran
	 * @param failure what it threw, or {@code null}
	 */
	default void taskFinished(WorkerHandle worker, TaskKind kind, TaskOutcome outcome, long durationNanos,
			@Nullable Throwable failure) {
	}

	/**
	 * A submit was refused; the task never ran.
	 * @param worker the worker
	 * @param rejection why, with the worker's limit
	 */
	default void taskRejected(WorkerHandle worker, RejectedTaskException rejection) {
	}

	/**
	 * The body ended and will run again after a backoff.
	 * @param worker the worker
	 * @param cause what the body threw, or {@code null} when it returned ({@link RestartPolicy#ALWAYS})
	 * @param backoff the delay before it runs again
	 */
	default void restarted(WorkerHandle worker, @Nullable Throwable cause, Duration backoff) {
	}

	/**
	 * A drain gave up on a task that was still alive after it was interrupted.
	 * @param worker the worker
	 * @param task the task, with its stack
	 */
	default void abandoned(WorkerHandle worker, TaskSnapshot task) {
	}

	/**
	 * An exclusive worker became the leader on this instance, or stopped being it.
	 * @param worker the exclusive worker
	 * @param change what happened
	 */
	default void leadershipChanged(WorkerHandle worker, LeadershipChange change) {
	}

}
