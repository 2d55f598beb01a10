package io.github.managedworkers;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;

/**
 * A task was not accepted by its worker: the bulkhead (or its queue) stayed full for the whole {@code maxWait}, the
 * worker was stopping or not running, or the task group it was submitted to had stopped; or a queued task never
 * started before its worker's drain ended ({@link Reason#DRAINED}). The future of the submit fails with it; the task
 * never ran.
 */
public class RejectedTaskException extends RejectedExecutionException {

	private static final long serialVersionUID = 1L;

	/** Why a task was rejected. */
	public enum Reason {

		/** Every permit of the worker's bulkhead stayed busy for the whole {@code maxWait}. */
		FULL,

		/** The worker is draining: it takes no new work. */
		STOPPING,

		/** The worker is not running: not started yet, stopped, or failed. */
		NOT_RUNNING,

		/** The {@link TaskGroup} it was submitted to had stopped: a task of it failed, or it was stopped. */
		GROUP_STOPPED,

		/**
		 * The submitting thread was interrupted while it waited for a permit; its interrupt flag stays set. Whoever
		 * interrupted it wants it to give up, not to wait on.
		 */
		INTERRUPTED,

		/**
		 * The worker is exclusive and this instance is on standby: another instance holds its lease and runs it.
		 * Submit to the leader (the message names it when the lease store can tell), or make the work a task of a
		 * worker that is not exclusive.
		 */
		NOT_LEADER,

		/**
		 * The task was accepted into the worker's queue, but the worker's drain ended before a permit freed for it:
		 * it never started. The drain's report counts it in {@link DrainReport#notStarted()}.
		 */
		DRAINED

	}

	private final String worker;

	private final Reason reason;

	private final int maxConcurrency;

	private final Duration maxWait;

	/**
	 * Creates an exception that names the worker, its limit and the reason.
	 * @param worker the worker's name
	 * @param reason why the task was rejected
	 * @param state the worker's state at the time
	 * @param maxConcurrency the worker's bulkhead size
	 * @param maxWait how long a submit waits for a permit
	 */
	public RejectedTaskException(String worker, Reason reason, WorkerState state, int maxConcurrency,
			Duration maxWait) {
		this(worker, reason, state, maxConcurrency, maxWait, null);
	}

	/**
	 * Creates an exception that names the worker, its limit, the reason and the leader of an exclusive worker.
	 * @param worker the worker's name
	 * @param reason why the task was rejected
	 * @param state the worker's state at the time
	 * @param maxConcurrency the worker's bulkhead size
	 * @param maxWait how long a submit waits for a permit
	 * @param leader for {@link Reason#NOT_LEADER}, the instance that holds the lease, or {@code null} if unknown
	 */
	public RejectedTaskException(String worker, Reason reason, WorkerState state, int maxConcurrency,
			Duration maxWait, @Nullable String leader) {
		this(worker, reason, state, maxConcurrency, maxWait, leader, 0);
	}

	/**
	 * Creates an exception that names the worker, its limit, its queue, the reason and the leader of an exclusive
	 * worker.
	 * @param worker the worker's name
	 * @param reason why the task was rejected
	 * @param state the worker's state at the time
	 * @param maxConcurrency the worker's bulkhead size
	 * @param maxWait how long a submit waits for a permit, or for room in the queue
	 * @param leader for {@link Reason#NOT_LEADER}, the instance that holds the lease, or {@code null} if unknown
	 * @param queueCapacity the worker's {@link WorkerSpec#queueCapacity()}
	 */
	public RejectedTaskException(String worker, Reason reason, WorkerState state, int maxConcurrency,
			Duration maxWait, @Nullable String leader, int queueCapacity) {
		super(message(worker, reason, state, maxConcurrency, maxWait, leader, queueCapacity));
		this.worker = worker;
		this.reason = reason;
		this.maxConcurrency = maxConcurrency;
		this.maxWait = maxWait;
	}

	private static String message(String worker, Reason reason, WorkerState state, int maxConcurrency,
			Duration maxWait, @Nullable String leader, int queueCapacity) {
		String limit = " (max-concurrency=" + maxConcurrency
				+ ((queueCapacity > 0) ? ", queue-capacity=" + queueCapacity : "") + ", max-wait=" + maxWait.toMillis()
				+ "ms)";
		return switch (reason) {
			case FULL -> "Worker '" + worker + "' rejected a task: all " + maxConcurrency + " permits"
					+ ((queueCapacity > 0) ? " and its queue of " + queueCapacity + " tasks" : "") + " stayed busy for "
					+ maxWait.toMillis() + " ms" + limit;
			case STOPPING -> "Worker '" + worker + "' rejected a task: it is stopping and takes no new work" + limit;
			case NOT_RUNNING -> "Worker '" + worker + "' rejected a task: it is " + state + ", not RUNNING" + limit;
			case GROUP_STOPPED -> "Worker '" + worker + "' rejected a task: its task group has stopped and takes no "
					+ "new work" + limit;
			case INTERRUPTED -> "Worker '" + worker + "' rejected a task: the submitting thread was interrupted while "
					+ "it waited for a permit" + limit;
			case NOT_LEADER -> "Worker '" + worker + "' rejected a task: it is exclusive and this instance is on "
					+ "STANDBY; the leader is " + ((leader != null) ? "instance '" + leader + "'" : "another instance")
					+ ", which runs it";
			case DRAINED -> "Worker '" + worker + "' did not run a queued task: its drain ended before a permit "
					+ "freed for it" + limit;
		};
	}

	/**
	 * Skips the stack trace: rejections are frequent under overload, and the stack of whoever joins the future says
	 * more than the submitter's.
	 * @return this exception
	 */
	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

	/**
	 * The name of the worker that rejected the task.
	 * @return the worker name
	 */
	public String worker() {
		return this.worker;
	}

	/**
	 * Why the task was rejected.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * The worker's bulkhead size.
	 * @return the limit
	 */
	public int maxConcurrency() {
		return this.maxConcurrency;
	}

	/**
	 * How long the submit could wait for a permit.
	 * @return the wait
	 */
	public Duration maxWait() {
		return this.maxWait;
	}

}
