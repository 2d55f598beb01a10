package io.github.managedworkers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks background work that the starter owns: it starts it with the application, bounds it, gives it a stop
 * signal, restarts it when it fails, and drains it on shutdown.
 * <p>
 * On a type, the bean must implement {@link Worker}. On a method, the method takes no argument or one
 * {@link WorkerContext}, and is the worker's body.
 * <p>
 * Without {@link #every()}, the body runs once and is expected to loop until {@link WorkerContext#isStopping()}.
 * With it, the body runs, then waits the given delay (or until stop), then runs again.
 * <p>
 * Durations are written as a number and a unit ({@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h}, {@code 1d};
 * also {@code ns} and {@code us}) or in ISO-8601 ({@code PT1M}). Properties under
 * {@code managed-workers.workers.<name>.*} win over the values given here.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ManagedWorker {

	/**
	 * The worker's unique name: letters, digits, {@code .}, {@code _} and {@code -}. Defaults to the bean name for a
	 * type, and to {@code beanName.methodName} for a method.
	 * @return the name, or {@code ""} for the default
	 */
	String name() default "";

	/**
	 * The delay between the end of one run of the body and the start of the next, making this a periodic worker.
	 * @return the delay, or {@code ""} for a loop body that runs once
	 */
	String every() default "";

	/**
	 * How long to wait after start before the body first runs.
	 * @return the delay, or {@code ""} for none
	 */
	String initialDelay() default "";

	/**
	 * How many tasks submitted to this worker may run at once: the size of its bulkhead. The body does not count.
	 * @return the limit, or {@code -1} for {@code managed-workers.defaults.max-concurrency}
	 */
	int maxConcurrency() default -1;

	/**
	 * How long a submit waits for a free permit before it is rejected.
	 * @return the wait, or {@code ""} for {@code managed-workers.defaults.max-wait}
	 */
	String maxWait() default "";

	/**
	 * How many accepted tasks may wait for a permit without a thread, started first in, first out as permits free:
	 * while the queue has room a submit returns at once; a full queue makes a submit wait up to {@link #maxWait()}.
	 * @return the capacity ({@code 0}: no queue), or {@code -1} for {@code managed-workers.defaults.queue-capacity}
	 */
	int queueCapacity() default -1;

	/**
	 * When the body is run again after it ends. {@link RestartPolicy#ON_FAILURE}, the default, defers to
	 * {@code managed-workers.defaults.restart} when that is set.
	 * @return the restart policy
	 */
	RestartPolicy restart() default RestartPolicy.ON_FAILURE;

	/**
	 * A Spring cron expression ({@code "0 *&#47;5 * * * *"}: second, minute, hour, day of month, month, day of week) on
	 * which the body runs, making this a scheduled worker. Not together with {@link #every()}.
	 * @return the expression, or {@code ""} for none
	 */
	String cron() default "";

	/**
	 * The time zone of {@link #cron()}, such as {@code "Europe/Paris"} or {@code "UTC"}.
	 * @return the zone id, or {@code ""} for the JVM's default zone
	 */
	String zone() default "";

	/**
	 * Whether, across all instances of the application that share a lock store, at most one runs the body at a time:
	 * the others wait in {@link WorkerState#STANDBY} and take over when the leader goes.
	 * @return {@code true} for an exclusive worker
	 */
	boolean exclusive() default false;

}
