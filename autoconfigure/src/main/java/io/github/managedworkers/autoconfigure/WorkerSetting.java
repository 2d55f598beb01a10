package io.github.managedworkers.autoconfigure;

import java.util.EnumSet;
import java.util.Set;

/**
 * A setting of one worker that {@link WorkerSpecResolver} settles from its layers, with its key under
 * {@code managed-workers.workers[<name>]} and its attribute in {@link io.github.managedworkers.ManagedWorker}.
 */
public enum WorkerSetting {

	/** Delay between runs of the body. */
	EVERY("every", "every"),

	/** Delay before the body first runs. */
	INITIAL_DELAY("initial-delay", "initialDelay"),

	/** Cron expression on which the body runs. */
	CRON("cron", "cron"),

	/** Time zone of the cron expression. */
	ZONE("zone", "zone"),

	/** Size of the worker's bulkhead. */
	MAX_CONCURRENCY("max-concurrency", "maxConcurrency"),

	/** How long a submit waits for a permit. */
	MAX_WAIT("max-wait", "maxWait"),

	/** How many accepted tasks may wait for a permit. */
	QUEUE_CAPACITY("queue-capacity", "queueCapacity"),

	/** When the body runs again after it ends. */
	RESTART("restart", "restart"),

	/** Delay before the first restart. */
	RESTART_BACKOFF_INITIAL("restart-backoff.initial", "restartBackoffInitial"),

	/** Longest delay between restarts. */
	RESTART_BACKOFF_MAX("restart-backoff.max", "restartBackoffMax"),

	/** How many restarts the restart window may hold. */
	MAX_RESTARTS("restart-intensity.max-restarts", "maxRestarts"),

	/** Window in which restarts are counted. */
	RESTART_WINDOW("restart-intensity.window", "restartWindow"),

	/** How long a run may take before it is reported as stuck. */
	STUCK_AFTER("stuck-after", "stuckAfter"),

	/** Whether the body runs on one instance at a time. */
	EXCLUSIVE("exclusive", "exclusive");

	private final String property;

	private final String attribute;

	WorkerSetting(String property, String attribute) {
		this.property = property;
		this.attribute = attribute;
	}

	/**
	 * The setting's key under {@code managed-workers.defaults} and {@code managed-workers.workers[<name>]}.
	 * @return the key, such as {@code max-concurrency}
	 */
	public String property() {
		return this.property;
	}

	/**
	 * The setting's attribute in {@code @ManagedWorker} and its name in {@link io.github.managedworkers.WorkerSpec}.
	 * @return the attribute, such as {@code maxConcurrency}
	 */
	public String attribute() {
		return this.attribute;
	}

	/**
	 * The settings of a body: its schedule, its restarts and its election. A worker that only runs submitted tasks
	 * has no use for them.
	 * @return a new set of them
	 */
	public static Set<WorkerSetting> ofABody() {
		return EnumSet.of(EVERY, INITIAL_DELAY, CRON, ZONE, RESTART, RESTART_BACKOFF_INITIAL, RESTART_BACKOFF_MAX,
				MAX_RESTARTS, RESTART_WINDOW, EXCLUSIVE);
	}

}
