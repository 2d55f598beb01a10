package io.github.managedworkers.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import io.github.managedworkers.RestartPolicy;
import io.github.managedworkers.ThreadMode;

/**
 * Configuration properties for managed workers.
 */
@ConfigurationProperties("managed-workers")
public class ManagedWorkersProperties {

	/**
	 * Whether to run @ManagedWorker beans.
	 */
	private boolean enabled = true;

	/**
	 * Which threads run workers' bodies and tasks: auto (virtual threads on Java 21+, platform threads before),
	 * virtual, or platform.
	 */
	private ThreadMode threads = ThreadMode.AUTO;

	/**
	 * Whether submitted tasks see their submitter's logging MDC and, with Micrometer's context-propagation library,
	 * its observation and other registered thread-local context.
	 */
	private boolean contextPropagation = true;

	private final Defaults defaults = new Defaults();

	private final Shutdown shutdown = new Shutdown();

	private final Adopt adopt = new Adopt();

	private final Exclusive exclusive = new Exclusive();

	/**
	 * Settings of single workers, by worker name (adopted ones included, such as bean.method of a @Scheduled method),
	 * winning over the @ManagedWorker annotation and Spring Boot's spring.task.* settings: every, initial-delay,
	 * max-concurrency, max-wait, queue-capacity, cron, zone, restart, restart-backoff.initial, restart-backoff.max,
	 * restart-intensity.max-restarts, restart-intensity.window, stuck-after and exclusive. A name with a dot goes in
	 * brackets: managed-workers.workers[ticker.tick].exclusive, or the key "[ticker.tick]" in YAML.
	 */
	private final Map<String, Worker> workers = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public ThreadMode getThreads() {
		return this.threads;
	}

	public void setThreads(ThreadMode threads) {
		this.threads = threads;
	}

	public boolean isContextPropagation() {
		return this.contextPropagation;
	}

	public void setContextPropagation(boolean contextPropagation) {
		this.contextPropagation = contextPropagation;
	}

	public Defaults getDefaults() {
		return this.defaults;
	}

	public Exclusive getExclusive() {
		return this.exclusive;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Map<String, Worker> getWorkers() {
		return this.workers;
	}

	public Adopt getAdopt() {
		return this.adopt;
	}

	/**
	 * Which of Spring's own background work the starter adopts as workers.
	 */
	public static class Adopt {

		/**
		 * Whether @Scheduled methods run as workers named bean.method, through a TaskScheduler of the starter's
		 * (with @EnableScheduling, and unless the application defines a TaskScheduler or ScheduledExecutorService).
		 */
		private boolean scheduled = true;

		/**
		 * Whether Boot's applicationTaskExecutor (@Async methods, Spring MVC async requests) submits through a worker
		 * named async (unless the application defines an Executor bean).
		 */
		private boolean async = true;

		/**
		 * Whether each ThreadPoolTaskExecutor, ThreadPoolTaskScheduler, SimpleAsyncTaskExecutor and
		 * SimpleAsyncTaskScheduler bean the application defines becomes a worker named after its bean, drained with the
		 * registry.
		 */
		private boolean executors = true;

		public boolean isScheduled() {
			return this.scheduled;
		}

		public void setScheduled(boolean scheduled) {
			this.scheduled = scheduled;
		}

		public boolean isAsync() {
			return this.async;
		}

		public void setAsync(boolean async) {
			this.async = async;
		}

		public boolean isExecutors() {
			return this.executors;
		}

		public void setExecutors(boolean executors) {
			this.executors = executors;
		}

	}

	/**
	 * Settings of every worker that neither its annotation nor its own properties set.
	 */
	public static class Defaults {

		/**
		 * How many submitted tasks of one worker may run at once: the size of its bulkhead.
		 */
		private int maxConcurrency = 16;

		/**
		 * How long a submit waits for a free permit of a full bulkhead before it is rejected.
		 */
		private Duration maxWait = Duration.ofSeconds(1);

		/**
		 * How many accepted tasks of one worker may wait for a permit without a thread, started in order as permits
		 * free; a submit returns at once while the queue has room. 0: no queue, a submit waits for a permit itself.
		 */
		private int queueCapacity;

		/**
		 * When a worker's body runs again after it ends: on-failure, always, or never.
		 */
		private RestartPolicy restart = RestartPolicy.ON_FAILURE;

		/**
		 * How long a submitted task, or one run of a periodic body, may run before the workers health check reports
		 * it as stuck. Unset: never.
		 */
		private @Nullable Duration stuckAfter;

		private final RestartBackoff restartBackoff = new RestartBackoff();

		private final RestartIntensity restartIntensity = new RestartIntensity();

		public @Nullable Duration getStuckAfter() {
			return this.stuckAfter;
		}

		public void setStuckAfter(@Nullable Duration stuckAfter) {
			this.stuckAfter = stuckAfter;
		}

		public int getMaxConcurrency() {
			return this.maxConcurrency;
		}

		public void setMaxConcurrency(int maxConcurrency) {
			this.maxConcurrency = maxConcurrency;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public RestartPolicy getRestart() {
			return this.restart;
		}

		public void setRestart(RestartPolicy restart) {
			this.restart = restart;
		}

		public RestartBackoff getRestartBackoff() {
			return this.restartBackoff;
		}

		public RestartIntensity getRestartIntensity() {
			return this.restartIntensity;
		}

	}

	/**
	 * The delays between restarts of a body that ended.
	 */
	public static class RestartBackoff {

		/**
		 * Delay before the first restart; it doubles with each restart in a row.
		 */
		private Duration initial = Duration.ofSeconds(1);

		/**
		 * Longest delay between restarts.
		 */
		private Duration max = Duration.ofSeconds(30);

		public Duration getInitial() {
			return this.initial;
		}

		public void setInitial(Duration initial) {
			this.initial = initial;
		}

		public Duration getMax() {
			return this.max;
		}

		public void setMax(Duration max) {
			this.max = max;
		}

	}

	/**
	 * Erlang/OTP's restart intensity: too many restarts within a window move the worker to FAILED.
	 */
	public static class RestartIntensity {

		/**
		 * How many restarts the window may hold; one more moves the worker to FAILED and its health check DOWN.
		 */
		private int maxRestarts = 10;

		/**
		 * Window in which restarts are counted.
		 */
		private Duration window = Duration.ofMinutes(5);

		public int getMaxRestarts() {
			return this.maxRestarts;
		}

		public void setMaxRestarts(int maxRestarts) {
			this.maxRestarts = maxRestarts;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

	/**
	 * How workers are drained when the application stops.
	 */
	public static class Shutdown {

		/**
		 * How long live tasks may take to finish after the stop signal before they are interrupted. With the
		 * interrupt grace, it must fit in spring.lifecycle.timeout-per-shutdown-phase.
		 */
		private Duration drainTimeout = Duration.ofSeconds(20);

		/**
		 * How long to wait after interrupting tasks before reporting those still alive as abandoned, with their
		 * stacks. With exclusive workers, shorter than half of managed-workers.exclusive.renew-interval.
		 */
		private Duration interruptGrace = Duration.ofSeconds(2);

		public Duration getDrainTimeout() {
			return this.drainTimeout;
		}

		public void setDrainTimeout(Duration drainTimeout) {
			this.drainTimeout = drainTimeout;
		}

		public Duration getInterruptGrace() {
			return this.interruptGrace;
		}

		public void setInterruptGrace(Duration interruptGrace) {
			this.interruptGrace = interruptGrace;
		}

	}

	/**
	 * The leases of exclusive workers.
	 */
	public static class Exclusive {

		/**
		 * How long a lease lasts in the lock store unless renewed: a killed leader is replaced within lease-ttl plus
		 * renew-interval.
		 */
		private Duration leaseTtl = Duration.ofSeconds(30);

		/**
		 * How often the leader renews its lease; shorter than half of lease-ttl. A leader that has not renewed by
		 * lease-ttl minus renew-interval stops the worker (LEASE_LOST) before the lease can expire elsewhere.
		 */
		private Duration renewInterval = Duration.ofSeconds(10);

		/**
		 * This instance's id in the lock store, unique among the instances that share it; at most 36 characters
		 * with the JDBC lock store. Defaults to the host name, the process id and a part unique to each application
		 * context, so that two contexts in one JVM are two instances.
		 */
		private @Nullable String instanceId;

		public Duration getLeaseTtl() {
			return this.leaseTtl;
		}

		public void setLeaseTtl(Duration leaseTtl) {
			this.leaseTtl = leaseTtl;
		}

		public Duration getRenewInterval() {
			return this.renewInterval;
		}

		public void setRenewInterval(Duration renewInterval) {
			this.renewInterval = renewInterval;
		}

		public @Nullable String getInstanceId() {
			return this.instanceId;
		}

		public void setInstanceId(@Nullable String instanceId) {
			this.instanceId = instanceId;
		}

	}

	/**
	 * Settings of one worker. Unset values fall back to the annotation, then to the defaults.
	 */
	public static class Worker {

		/**
		 * Delay between runs of the body, making it periodic.
		 */
		private @Nullable Duration every;

		/**
		 * How long to wait after start before the body first runs.
		 */
		private @Nullable Duration initialDelay;

		/**
		 * How many submitted tasks of this worker may run at once: the size of its bulkhead.
		 */
		private @Nullable Integer maxConcurrency;

		/**
		 * How long a submit waits for a free permit of a full bulkhead before it is rejected.
		 */
		private @Nullable Duration maxWait;

		/**
		 * How many accepted tasks of this worker may wait for a permit without a thread, started in order as permits
		 * free; 0: no queue.
		 */
		private @Nullable Integer queueCapacity;

		/**
		 * When the body runs again after it ends: on-failure, always, or never.
		 */
		private @Nullable RestartPolicy restart;

		/**
		 * How long a submitted task, or one run of a periodic body, may run before the workers health check reports
		 * it as stuck.
		 */
		private @Nullable Duration stuckAfter;

		/**
		 * Spring cron expression on which the body runs (second minute hour day-of-month month day-of-week), making
		 * it a scheduled worker; not together with every.
		 */
		private @Nullable String cron;

		/**
		 * Time zone of the cron expression, such as UTC or Europe/Paris. Unset: the JVM's default zone.
		 */
		private @Nullable String zone;

		/**
		 * Whether the worker's body (for an adopted @Scheduled method, its schedule) runs on at most one instance at
		 * a time, across the instances that share the lock store; the others keep it on STANDBY. Overrides
		 * @ManagedWorker(exclusive).
		 */
		private @Nullable Boolean exclusive;

		private final WorkerRestartBackoff restartBackoff = new WorkerRestartBackoff();

		public @Nullable String getCron() {
			return this.cron;
		}

		public void setCron(@Nullable String cron) {
			this.cron = cron;
		}

		public @Nullable String getZone() {
			return this.zone;
		}

		public void setZone(@Nullable String zone) {
			this.zone = zone;
		}

		public @Nullable Boolean getExclusive() {
			return this.exclusive;
		}

		public void setExclusive(@Nullable Boolean exclusive) {
			this.exclusive = exclusive;
		}

		private final WorkerRestartIntensity restartIntensity = new WorkerRestartIntensity();

		public @Nullable Duration getStuckAfter() {
			return this.stuckAfter;
		}

		public void setStuckAfter(@Nullable Duration stuckAfter) {
			this.stuckAfter = stuckAfter;
		}

		public @Nullable Duration getEvery() {
			return this.every;
		}

		public void setEvery(@Nullable Duration every) {
			this.every = every;
		}

		public @Nullable Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(@Nullable Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public @Nullable Integer getMaxConcurrency() {
			return this.maxConcurrency;
		}

		public void setMaxConcurrency(@Nullable Integer maxConcurrency) {
			this.maxConcurrency = maxConcurrency;
		}

		public @Nullable Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(@Nullable Duration maxWait) {
			this.maxWait = maxWait;
		}

		public @Nullable Integer getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(@Nullable Integer queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public @Nullable RestartPolicy getRestart() {
			return this.restart;
		}

		public void setRestart(@Nullable RestartPolicy restart) {
			this.restart = restart;
		}

		public WorkerRestartBackoff getRestartBackoff() {
			return this.restartBackoff;
		}

		public WorkerRestartIntensity getRestartIntensity() {
			return this.restartIntensity;
		}

	}

	/**
	 * The restart delays of one worker.
	 */
	public static class WorkerRestartBackoff {

		/**
		 * Delay before the first restart; it doubles with each restart in a row.
		 */
		private @Nullable Duration initial;

		/**
		 * Longest delay between restarts.
		 */
		private @Nullable Duration max;

		public @Nullable Duration getInitial() {
			return this.initial;
		}

		public void setInitial(@Nullable Duration initial) {
			this.initial = initial;
		}

		public @Nullable Duration getMax() {
			return this.max;
		}

		public void setMax(@Nullable Duration max) {
			this.max = max;
		}

	}

	/**
	 * The restart intensity of one worker.
	 */
	public static class WorkerRestartIntensity {

		/**
		 * How many restarts the window may hold; one more moves the worker to FAILED and its health check DOWN.
		 */
		private @Nullable Integer maxRestarts;

		/**
		 * Window in which restarts are counted.
		 */
		private @Nullable Duration window;

		public @Nullable Integer getMaxRestarts() {
			return this.maxRestarts;
		}

		public void setMaxRestarts(@Nullable Integer maxRestarts) {
			this.maxRestarts = maxRestarts;
		}

		public @Nullable Duration getWindow() {
			return this.window;
		}

		public void setWindow(@Nullable Duration window) {
			this.window = window;
		}

	}

}
