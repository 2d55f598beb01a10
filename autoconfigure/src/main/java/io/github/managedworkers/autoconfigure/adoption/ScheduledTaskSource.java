package io.github.managedworkers.autoconfigure.adoption;

import java.lang.reflect.Method;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.RestartPolicy;
import io.github.managedworkers.Schedule;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.autoconfigure.WorkerSetting;
import io.github.managedworkers.autoconfigure.WorkerSpecSource;

/**
 * A task Spring schedules (a {@code @Scheduled} method) as the source of its worker. Spring owns the schedule and
 * what follows a failed run, so those settings are locked: a property or attribute that sets them fails startup. The
 * rest ({@code exclusive}, {@code max-concurrency} and {@code max-wait} of the tasks the method submits,
 * {@code stuck-after}) comes from a {@code @ManagedWorker} on the same method, then from
 * {@code managed-workers.workers[<bean.method>].*}, as for any worker.
 */
final class ScheduledTaskSource implements WorkerSpecSource {

	static final String SCHEDULE_IS_SPRINGS = "its schedule is Spring's, from @Scheduled: change it there (a "
			+ "placeholder such as @Scheduled(fixedDelayString = \"${ticker.delay}\") reads it from a property)";

	static final String RUNS_AGAIN = "a scheduled method runs again at its next time whatever it throws, as with "
			+ "Spring's schedulers";

	private final String name;

	private final @Nullable Method method;

	private final Schedule schedule;

	private final Duration initialDelay;

	private final @Nullable String threadNamePrefix;

	/**
	 * Creates the source of one scheduled task's worker.
	 * @param name the worker's name
	 * @param method the scheduled method, or {@code null} for a task the application scheduled itself
	 * @param schedule Spring's schedule
	 * @param initialDelay Spring's delay before the first run
	 * @param threadNamePrefix the prefix of the worker's thread names
	 */
	ScheduledTaskSource(String name, @Nullable Method method, Schedule schedule, Duration initialDelay,
			@Nullable String threadNamePrefix) {
		this.name = name;
		this.method = method;
		this.schedule = schedule;
		this.initialDelay = initialDelay;
		this.threadNamePrefix = threadNamePrefix;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String declaration() {
		return (this.method != null) ? "@Scheduled method " + describe(this.method)
				: "a task scheduled on the TaskScheduler";
	}

	@Override
	public void own(Settings settings) {
		settings.fixed(WorkerSetting.EVERY, null, SCHEDULE_IS_SPRINGS);
		settings.fixed(WorkerSetting.CRON, null, SCHEDULE_IS_SPRINGS);
		settings.fixed(WorkerSetting.ZONE, null, SCHEDULE_IS_SPRINGS);
		settings.fixed(WorkerSetting.INITIAL_DELAY, this.initialDelay, SCHEDULE_IS_SPRINGS);
		settings.fixed(WorkerSetting.RESTART, RestartPolicy.ON_FAILURE, RUNS_AGAIN);
		// No backoff and no restart intensity: never FAILED, whatever it throws.
		settings.fixed(WorkerSetting.RESTART_BACKOFF_INITIAL, Duration.ofNanos(1), RUNS_AGAIN);
		settings.fixed(WorkerSetting.RESTART_BACKOFF_MAX, Duration.ofNanos(1), RUNS_AGAIN);
		settings.fixed(WorkerSetting.MAX_RESTARTS, Integer.MAX_VALUE, RUNS_AGAIN);
		settings.fixed(WorkerSetting.RESTART_WINDOW, Duration.ofNanos(1), RUNS_AGAIN);
		ManagedWorker annotation = (this.method != null)
				? AnnotatedElementUtils.findMergedAnnotation(this.method, ManagedWorker.class) : null;
		if (this.method != null && annotation != null) {
			settings.annotation(annotation, describe(this.method));
		}
	}

	@Override
	public void configure(WorkerSpec.Builder builder) {
		builder.schedule(this.schedule).threadNamePrefix(this.threadNamePrefix);
	}

	private static String describe(Method method) {
		return method.getDeclaringClass().getName() + "." + method.getName() + "()";
	}

}
