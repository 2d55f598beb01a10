package io.github.managedworkers;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How one worker runs: its name, loop or period, bulkhead, and restart policy. Immutable; made by a {@link Builder}
 * that checks every value as it is set.
 *
 * <pre>{@code
 * WorkerSpec spec = WorkerSpec.builder("flusher").every("1s").maxConcurrency(4).build();
 * }</pre>
 */
public final class WorkerSpec {

	/** Default bulkhead size. */
	public static final int DEFAULT_MAX_CONCURRENCY = 16;

	/** Default wait for a bulkhead permit. */
	public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(1);

	/** Default first restart delay. */
	public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);

	/** Default longest restart delay. */
	public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);

	/** Default number of restarts allowed within {@link #DEFAULT_RESTART_WINDOW}. */
	public static final int DEFAULT_MAX_RESTARTS = 10;

	/** Default window for {@link #DEFAULT_MAX_RESTARTS}. */
	public static final Duration DEFAULT_RESTART_WINDOW = Duration.ofMinutes(5);

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

	private static final String NAME_ALLOWED = "letters, digits, '.', '_' and '-', starting with a letter or digit";

	private final String name;

	private final @Nullable Duration every;

	private final @Nullable Schedule schedule;

	private final Duration initialDelay;

	private final int maxConcurrency;

	private final Duration maxWait;

	private final int queueCapacity;

	private final RestartPolicy restart;

	private final Duration restartBackoffInitial;

	private final Duration restartBackoffMax;

	private final int maxRestarts;

	private final Duration restartWindow;

	private final @Nullable Duration stuckAfter;

	private final @Nullable String threadNamePrefix;

	private final boolean exclusive;

	private WorkerSpec(Builder builder) {
		this.name = builder.name;
		this.every = builder.every;
		Duration delay = builder.every;
		this.schedule = (builder.schedule != null) ? builder.schedule
				: (delay != null) ? Schedule.fixedDelay(delay) : null;
		this.initialDelay = builder.initialDelay;
		this.maxConcurrency = builder.maxConcurrency;
		this.maxWait = builder.maxWait;
		this.queueCapacity = builder.queueCapacity;
		this.restart = builder.restart;
		this.restartBackoffInitial = builder.restartBackoffInitial;
		this.restartBackoffMax = builder.restartBackoffMax;
		this.maxRestarts = builder.maxRestarts;
		this.restartWindow = builder.restartWindow;
		this.stuckAfter = builder.stuckAfter;
		this.threadNamePrefix = builder.threadNamePrefix;
		this.exclusive = builder.exclusive;
	}

	/**
	 * A builder for a worker with the given name and the default settings.
	 * @param name the unique name: letters, digits, {@code .}, {@code _} and {@code -}
	 * @return the builder
	 * @throws InvalidWorkerSpecException if the name is blank or has other characters
	 */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/**
	 * A builder that starts from this spec's settings.
	 * @return the builder
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * The worker's unique name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The delay between runs of a periodic body.
	 * @return the delay, or {@code null} for a loop body
	 */
	public @Nullable Duration every() {
		return this.every;
	}

	/**
	 * When the body runs: a fixed delay for {@link #every()}, or the schedule given to the builder (a fixed rate, a
	 * cron expression).
	 * @return the schedule, or {@code null} for a loop body
	 */
	public @Nullable Schedule schedule() {
		return this.schedule;
	}

	/**
	 * Whether the body runs periodically rather than once as a loop.
	 * @return {@code true} when the spec has a {@link #schedule()}
	 */
	public boolean isPeriodic() {
		return this.schedule != null;
	}

	/**
	 * How long to wait after start before the body first runs.
	 * @return the delay
	 */
	public Duration initialDelay() {
		return this.initialDelay;
	}

	/**
	 * The bulkhead's size: how many submitted tasks may run at once.
	 * @return the limit
	 */
	public int maxConcurrency() {
		return this.maxConcurrency;
	}

	/**
	 * How long a submit waits for a permit before it is rejected.
	 * @return the wait
	 */
	public Duration maxWait() {
		return this.maxWait;
	}

	/**
	 * How many accepted tasks may wait for a permit without a thread, started first in, first out as permits free
	 * (Go's buffered channel). While the queue has room a submit returns at once; a full queue makes a submit wait up
	 * to {@link #maxWait()} for room. {@code 0}: no queue, a submit waits up to {@code maxWait} for a permit itself.
	 * @return the capacity, zero or more
	 */
	public int queueCapacity() {
		return this.queueCapacity;
	}

	/**
	 * When the body runs again after it ends.
	 * @return the policy
	 */
	public RestartPolicy restart() {
		return this.restart;
	}

	/**
	 * The delay before the first restart; it doubles with each restart up to {@link #restartBackoffMax()}.
	 * @return the first delay
	 */
	public Duration restartBackoffInitial() {
		return this.restartBackoffInitial;
	}

	/**
	 * The longest delay between restarts.
	 * @return the longest delay
	 */
	public Duration restartBackoffMax() {
		return this.restartBackoffMax;
	}

	/**
	 * How many restarts {@link #restartWindow()} may hold; one more moves the worker to {@link WorkerState#FAILED}.
	 * @return the restart intensity
	 */
	public int maxRestarts() {
		return this.maxRestarts;
	}

	/**
	 * The window in which {@link #maxRestarts()} are counted.
	 * @return the window
	 */
	public Duration restartWindow() {
		return this.restartWindow;
	}

	/**
	 * How long a submitted task, or one run of a periodic body, may run before it is reported as stuck. A loop body
	 * runs for the worker's life and is never stuck.
	 * @return the threshold, or {@code null} for none
	 */
	public @Nullable Duration stuckAfter() {
		return this.stuckAfter;
	}

	/**
	 * What the names of the worker's threads start with, followed by the task id: {@code "task-"} names them
	 * {@code task-41}. By default the worker's name and a dash.
	 * @return the prefix, or {@code null} for the default
	 */
	public @Nullable String threadNamePrefix() {
		return this.threadNamePrefix;

	}

	/**
	 * Whether the body runs on at most one instance at a time across the instances that share the registry's lease
	 * store: the others keep the worker in {@link WorkerState#STANDBY} until they win the lease.
	 * @return {@code true} for an exclusive worker
	 */
	public boolean exclusive() {
		return this.exclusive;
	}

	@Override
	public String toString() {
		return "WorkerSpec{name=" + this.name + ", schedule="
				+ ((this.schedule != null) ? this.schedule.describe() : "loop") + ", initialDelay=" + this.initialDelay
				+ ", maxConcurrency=" + this.maxConcurrency + ", maxWait=" + this.maxWait
				+ ((this.queueCapacity > 0) ? ", queueCapacity=" + this.queueCapacity : "") + ", restart="
				+ this.restart + ", restartBackoff=" + this.restartBackoffInitial + ".." + this.restartBackoffMax
				+ ", maxRestarts=" + this.maxRestarts + " in " + this.restartWindow + ", stuckAfter=" + this.stuckAfter
				+ ((this.threadNamePrefix != null) ? ", threadNamePrefix=" + this.threadNamePrefix : "")
				+ (this.exclusive ? ", exclusive" : "") + "}";
	}

	/**
	 * Builds a {@link WorkerSpec}. Each setter checks its value at once and throws an
	 * {@link InvalidWorkerSpecException} that names the worker, the setting, the value and what is allowed.
	 */
	public static final class Builder {

		private String name;

		private @Nullable Duration every;

		private @Nullable Schedule schedule;

		private Duration initialDelay = Duration.ZERO;

		private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;

		private Duration maxWait = DEFAULT_MAX_WAIT;

		private int queueCapacity;

		private RestartPolicy restart = RestartPolicy.ON_FAILURE;

		private Duration restartBackoffInitial = DEFAULT_BACKOFF_INITIAL;

		private Duration restartBackoffMax = DEFAULT_BACKOFF_MAX;

		private int maxRestarts = DEFAULT_MAX_RESTARTS;

		private Duration restartWindow = DEFAULT_RESTART_WINDOW;

		private @Nullable Duration stuckAfter;

		private @Nullable String threadNamePrefix;

		private boolean exclusive;

		private Builder(String name) {
			this.name = checkName(name);
		}

		private Builder(WorkerSpec spec) {
			this.name = spec.name;
			this.every = spec.every;
			this.schedule = (spec.every != null) ? null : spec.schedule;
			this.initialDelay = spec.initialDelay;
			this.maxConcurrency = spec.maxConcurrency;
			this.maxWait = spec.maxWait;
			this.queueCapacity = spec.queueCapacity;
			this.restart = spec.restart;
			this.restartBackoffInitial = spec.restartBackoffInitial;
			this.restartBackoffMax = spec.restartBackoffMax;
			this.maxRestarts = spec.maxRestarts;
			this.restartWindow = spec.restartWindow;
			this.stuckAfter = spec.stuckAfter;
			this.threadNamePrefix = spec.threadNamePrefix;
			this.exclusive = spec.exclusive;
		}

		/**
		 * Sets the name.
		 * @param name letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = checkName(name);
			return this;
		}

		/**
		 * Makes the body periodic: it runs, then waits this delay (or until stop), then runs again.
		 * @param every a positive delay, or {@code null} for a loop body
		 * @return this builder
		 */
		public Builder every(@Nullable Duration every) {
			this.every = (every != null) ? positive("every", every) : null;
			return this;
		}

		/**
		 * Makes the body periodic, as {@link #every(Duration)}.
		 * @param every a delay such as {@code 500ms} or {@code PT1M}
		 * @return this builder
		 */
		public Builder every(String every) {
			return every(parse("every", every));
		}

		/**
		 * Runs the body on a schedule: a {@link Schedule#fixedRate(Duration) fixed rate}, a cron expression (from the
		 * Spring Boot integration), or one of your own. Not together with {@link #every(Duration)}.
		 * @param schedule the schedule, or {@code null} for a loop body
		 * @return this builder
		 */
		public Builder schedule(@Nullable Schedule schedule) {
			this.schedule = schedule;
			return this;
		}

		/**
		 * Sets how long to wait after start before the body first runs.
		 * @param initialDelay zero or more
		 * @return this builder
		 */
		public Builder initialDelay(Duration initialDelay) {
			this.initialDelay = notNegative("initialDelay", initialDelay);
			return this;
		}

		/**
		 * Sets how long to wait after start before the body first runs, as {@link #initialDelay(Duration)}.
		 * @param initialDelay a delay such as {@code 5s}
		 * @return this builder
		 */
		public Builder initialDelay(String initialDelay) {
			return initialDelay(parse("initialDelay", initialDelay));
		}

		/**
		 * Sets the bulkhead's size.
		 * @param maxConcurrency one or more
		 * @return this builder
		 */
		public Builder maxConcurrency(int maxConcurrency) {
			if (maxConcurrency < 1) {
				throw new InvalidWorkerSpecException(this.name, "maxConcurrency", maxConcurrency,
						"an integer of 1 or more");
			}
			this.maxConcurrency = maxConcurrency;
			return this;
		}

		/**
		 * Sets how long a submit waits for a permit before it is rejected.
		 * @param maxWait zero (do not wait) or more
		 * @return this builder
		 */
		public Builder maxWait(Duration maxWait) {
			this.maxWait = notNegative("maxWait", maxWait);
			return this;
		}

		/**
		 * Sets how long a submit waits for a permit, as {@link #maxWait(Duration)}.
		 * @param maxWait a wait such as {@code 100ms}
		 * @return this builder
		 */
		public Builder maxWait(String maxWait) {
			return maxWait(parse("maxWait", maxWait));
		}

		/**
		 * Sets how many accepted tasks may wait for a permit without a thread: see {@link WorkerSpec#queueCapacity()}.
		 * @param queueCapacity zero (no queue, the default) or more
		 * @return this builder
		 */
		public Builder queueCapacity(int queueCapacity) {
			if (queueCapacity < 0) {
				throw new InvalidWorkerSpecException(this.name, "queueCapacity", queueCapacity,
						"an integer of 0 (no queue) or more");
			}
			this.queueCapacity = queueCapacity;
			return this;
		}

		/**
		 * Sets when the body runs again after it ends.
		 * @param restart the policy
		 * @return this builder
		 */
		public Builder restart(RestartPolicy restart) {
			if (restart == null) {
				throw new InvalidWorkerSpecException(this.name, "restart", null, "ON_FAILURE, ALWAYS or NEVER");
			}
			this.restart = restart;
			return this;
		}

		/**
		 * Sets the restart delays: the first, doubled on each restart up to the longest.
		 * @param initial a positive first delay
		 * @param max the longest delay, at least {@code initial}
		 * @return this builder
		 */
		public Builder restartBackoff(Duration initial, Duration max) {
			return restartBackoffInitial(initial).restartBackoffMax(max);
		}

		/**
		 * Sets the delay before the first restart; it doubles with each restart in a row.
		 * @param initial a positive delay, at most {@link #restartBackoffMax(Duration)} (checked by {@link #build()})
		 * @return this builder
		 */
		public Builder restartBackoffInitial(Duration initial) {
			this.restartBackoffInitial = positive("restartBackoffInitial", initial);
			return this;
		}

		/**
		 * Sets the longest delay between restarts.
		 * @param max a positive delay, at least {@link #restartBackoffInitial(Duration)} (checked by {@link #build()})
		 * @return this builder
		 */
		public Builder restartBackoffMax(Duration max) {
			this.restartBackoffMax = positive("restartBackoffMax", max);
			return this;
		}

		/**
		 * Sets the restart intensity, as Erlang/OTP names it: more than {@code maxRestarts} restarts within
		 * {@code window} move the worker to {@link WorkerState#FAILED}.
		 * @param maxRestarts zero or more
		 * @param window a positive window
		 * @return this builder
		 */
		public Builder restartIntensity(int maxRestarts, Duration window) {
			return maxRestarts(maxRestarts).restartWindow(window);
		}

		/**
		 * Sets how many restarts the restart window may hold.
		 * @param maxRestarts zero or more
		 * @return this builder
		 */
		public Builder maxRestarts(int maxRestarts) {
			if (maxRestarts < 0) {
				throw new InvalidWorkerSpecException(this.name, "maxRestarts", maxRestarts,
						"an integer of 0 or more");
			}
			this.maxRestarts = maxRestarts;
			return this;
		}

		/**
		 * Sets the window in which restarts are counted.
		 * @param window a positive window
		 * @return this builder
		 */
		public Builder restartWindow(Duration window) {
			this.restartWindow = positive("restartWindow", window);
			return this;
		}

		/**
		 * Sets how long a submitted task, or one run of a periodic body, may run before it is reported as stuck.
		 * @param stuckAfter a positive threshold, or {@code null} for none
		 * @return this builder
		 */
		public Builder stuckAfter(@Nullable Duration stuckAfter) {
			this.stuckAfter = (stuckAfter != null) ? positive("stuckAfter", stuckAfter) : null;
			return this;
		}

		/**
		 * Sets what the names of the worker's threads start with, before the task id, as an executor's thread-name
		 * prefix does.
		 * @param threadNamePrefix a prefix that is not blank, or {@code null} for the worker's name and a dash
		 * @return this builder
		 */
		public Builder threadNamePrefix(@Nullable String threadNamePrefix) {
			if (threadNamePrefix != null && threadNamePrefix.isBlank()) {
				throw new InvalidWorkerSpecException(this.name, "threadNamePrefix", threadNamePrefix,
						"a prefix that is not blank, such as \"task-\"");
			}
			this.threadNamePrefix = threadNamePrefix;

			return this;
		}

		/**
		 * Makes the worker exclusive: across the instances that share the registry's lease store, its body runs on
		 * at most one at a time (see {@link WorkerRegistry.Builder#leases}).
		 * @param exclusive whether the worker is exclusive
		 * @return this builder
		 */
		public Builder exclusive(boolean exclusive) {
			this.exclusive = exclusive;
			return this;
		}

		/**
		 * Builds the spec.
		 * @return the immutable spec
		 * @throws InvalidWorkerSpecException if the restart backoff's max is shorter than its initial delay, or both
		 * {@code every} and a schedule are set
		 */
		public WorkerSpec build() {
			Schedule custom = this.schedule;
			if (this.every != null && custom != null) {
				throw new InvalidWorkerSpecException(this.name, "every", Durations.format(this.every),
						"no value when the worker has a schedule (" + custom.describe() + "): set one or the other");
			}
			if (this.restartBackoffMax.compareTo(this.restartBackoffInitial) < 0) {
				throw new InvalidWorkerSpecException(this.name, "restartBackoffMax", this.restartBackoffMax,
						"a duration of at least restartBackoffInitial (" + this.restartBackoffInitial + ")");
			}
			return new WorkerSpec(this);
		}

		private Duration parse(String setting, String value) {
			if (value == null || value.isBlank()) {
				throw new InvalidWorkerSpecException(this.name, setting, value, Durations.FORMAT);
			}
			return Durations.parse(this.name, setting, value);
		}

		private Duration positive(String setting, Duration value) {
			if (value == null || value.isNegative() || value.isZero()) {
				throw new InvalidWorkerSpecException(this.name, setting, value, "a positive duration");
			}
			return value;
		}

		private Duration notNegative(String setting, Duration value) {
			if (value == null || value.isNegative()) {
				throw new InvalidWorkerSpecException(this.name, setting, value, "a duration of zero or more");
			}
			return value;
		}

		private static String checkName(String name) {
			if (name == null || !NAME.matcher(name).matches()) {
				throw new InvalidWorkerSpecException(name, "name", name, NAME_ALLOWED);
			}
			return name;
		}

	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof WorkerSpec spec)) {
			return false;
		}
		return this.name.equals(spec.name) && Objects.equals(this.every, spec.every)
				&& (this.every != null || Objects.equals(this.schedule, spec.schedule))
				&& this.initialDelay.equals(spec.initialDelay) && this.maxConcurrency == spec.maxConcurrency
				&& this.maxWait.equals(spec.maxWait) && this.queueCapacity == spec.queueCapacity
				&& this.restart == spec.restart
				&& this.restartBackoffInitial.equals(spec.restartBackoffInitial)
				&& this.restartBackoffMax.equals(spec.restartBackoffMax) && this.maxRestarts == spec.maxRestarts
				&& this.restartWindow.equals(spec.restartWindow) && Objects.equals(this.stuckAfter, spec.stuckAfter)
				&& Objects.equals(this.threadNamePrefix, spec.threadNamePrefix)
				&& this.exclusive == spec.exclusive;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, this.every, this.initialDelay, this.maxConcurrency, this.maxWait,
				this.queueCapacity, this.restart,
				this.restartBackoffInitial, this.restartBackoffMax, this.maxRestarts, this.restartWindow, this.stuckAfter,
				this.threadNamePrefix, this.exclusive);
	}

}
