package io.github.managedworkers.autoconfigure.adoption;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * What Spring Boot's {@code spring.task.execution.*} and {@code spring.task.scheduling.*} settings mean once their
 * executor and scheduler are adopted: the thread-name prefixes name the adopted threads, a pool's maximum size bounds
 * the {@code async} worker, its queue capacity is the worker's queue, the scheduler's pool size bounds the shared
 * {@code scheduled-tasks} worker, and the settings with no counterpart are accepted and explained once in the log.
 */
final class SpringTaskSettings {

	private static final Log logger = LogFactory.getLog(SpringTaskSettings.class);

	static final String EXECUTION = "spring.task.execution.";

	static final String SCHEDULING = "spring.task.scheduling.";

	/** Settings with no counterpart, and what they mean now. */
	private static final Map<String, String> EXECUTION_UNMAPPED = new LinkedHashMap<>();

	private static final Map<String, String> SCHEDULING_UNMAPPED = new LinkedHashMap<>();

	static {
		String fullQueue = "the 'async' worker queues up to spring.task.execution.pool.queue-capacity calls (10,000 "
				+ "unless set); a call to a full queue waits up to managed-workers.workers.async.max-wait, then is "
				+ "rejected";
		EXECUTION_UNMAPPED.put("pool.core-size", "threads are started per task and pooled by the registry; "
				+ "max-concurrency alone bounds the 'async' worker");
		EXECUTION_UNMAPPED.put("pool.keep-alive", "the registry's pooled platform threads are reused and retired by "
				+ "the registry");
		EXECUTION_UNMAPPED.put("pool.allow-core-thread-timeout", "the registry's pooled platform threads are reused "
				+ "and retired by the registry");
		EXECUTION_UNMAPPED.put("pool.shutdown.accept-tasks-after-context-close", "the 'async' worker takes no new "
				+ "task once the drain began");
		EXECUTION_UNMAPPED.put("simple.reject-tasks-when-limit-reached", fullQueue);
		EXECUTION_UNMAPPED.put("simple.cancel-remaining-tasks-on-close", "tasks in flight get the stop signal, then "
				+ "an interrupt after managed-workers.shutdown.drain-timeout");
		EXECUTION_UNMAPPED.put("shutdown.await-termination", "the drain always waits for tasks in flight, up to "
				+ "managed-workers.shutdown.drain-timeout");
		EXECUTION_UNMAPPED.put("shutdown.await-termination-period", "managed-workers.shutdown.drain-timeout bounds "
				+ "the wait for tasks in flight");
		SCHEDULING_UNMAPPED.put("shutdown.await-termination", "the drain always waits for runs in flight, up to "
				+ "managed-workers.shutdown.drain-timeout");
		SCHEDULING_UNMAPPED.put("shutdown.await-termination-period", "managed-workers.shutdown.drain-timeout bounds "
				+ "the wait for runs in flight");
	}

	private final Binder binder;

	SpringTaskSettings(Environment environment) {
		this.binder = Binder.get(environment);
	}

	/**
	 * The execution thread-name prefix, Boot's default {@code task-} included, so that log lines keep their thread
	 * names.
	 */
	String executionThreadNamePrefix() {
		return this.binder.bind(EXECUTION + "thread-name-prefix", String.class).orElse("task-");
	}

	String schedulingThreadNamePrefix() {
		return this.binder.bind(SCHEDULING + "thread-name-prefix", String.class).orElse("scheduling-");
	}

	/**
	 * The limit a user set on Boot's executor: {@code pool.max-size}, else {@code simple.concurrency-limit}.
	 * @return the key and the value, or {@code null} when neither is set
	 */
	@Nullable Limit executionLimit() {
		return firstBound(EXECUTION + "pool.max-size", EXECUTION + "simple.concurrency-limit");
	}

	/**
	 * The limit a user set on Boot's scheduler, which bounds the shared worker of scheduled tasks that are not
	 * {@code @Scheduled} methods: {@code pool.size}, else {@code simple.concurrency-limit}.
	 * @return the key and the value, or {@code null} when neither is set
	 */
	@Nullable Limit schedulingLimit() {
		return firstBound(SCHEDULING + "pool.size", SCHEDULING + "simple.concurrency-limit");
	}

	private @Nullable Limit firstBound(String... keys) {
		for (String key : keys) {
			BindResult<Integer> value = this.binder.bind(key, Integer.class);
			if (value.isBound()) {
				return new Limit(key, value.get());
			}
		}
		return null;
	}

	/**
	 * The queue a user set on Boot's executor, {@code pool.queue-capacity}.
	 * @return the key and the value, or {@code null} when it is not set
	 */
	@Nullable Limit executionQueueCapacity() {
		String key = EXECUTION + "pool.queue-capacity";
		return this.binder.bind(key, Integer.class).map((value) -> new Limit(key, value)).orElse(null);
	}

	/** Logs, once at startup, each setting that is set but has no counterpart, with what it means now. */
	void logUnmapped(String prefix) {
		Map<String, String> unmapped = prefix.equals(EXECUTION) ? EXECUTION_UNMAPPED : SCHEDULING_UNMAPPED;
		List<String> lines = new ArrayList<>();
		unmapped.forEach((key, meaning) -> {
			BindResult<String> value = this.binder.bind(prefix + key, String.class);
			if (value.isBound()) {
				lines.add(prefix + key + "=" + value.get() + ": no effect now, " + meaning);
			}
		});
		if (!lines.isEmpty() && logger.isInfoEnabled()) {
			logger.info("Spring Boot's " + (prefix.equals(EXECUTION) ? "task executor" : "task scheduler")
					+ " is adopted by managed-workers (see docs/adoption.md); settings without a counterpart:\n  "
					+ String.join("\n  ", lines));
		}
	}

	record Limit(String key, int value) {
	}

}
