package io.github.managedworkers.autoconfigure.adoption;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.util.ReflectionUtils;

import io.github.managedworkers.Schedule;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerState;
import io.github.managedworkers.autoconfigure.WorkerSources;
import io.github.managedworkers.autoconfigure.WorkerSpecResolver;
import io.github.managedworkers.autoconfigure.scheduling.TriggerSchedule;

/**
 * The application's {@link TaskScheduler}: each task Spring schedules (each {@code @Scheduled} method) becomes a
 * worker of the registry, named {@code <bean>.<method>}, whose body is the task and whose schedule is Spring's. The
 * core runs a body's runs one after the other, so a fixed-rate method never overlaps itself; a run that fails is
 * logged and counted, and the method runs again at its next time, as with Spring's schedulers.
 * <p>
 * Cancelling the returned future removes the worker (draining a run in flight). A task that is not a scheduled method
 * (the application's own use of the {@code TaskScheduler}) becomes a worker named {@code scheduled-task-<n>}; once its
 * schedule ends it is removed.
 */
final class AdoptedTaskScheduler implements TaskScheduler {

	private static final Log logger = LogFactory.getLog(AdoptedTaskScheduler.class);

	private static final @Nullable Field CRON_ZONE = ReflectionUtils.findField(CronTrigger.class, "zoneId");

	private final WorkerRegistry registry;

	private final WorkerSources sources;

	private final ScheduledBeanNames beanNames;

	private final @Nullable String threadNamePrefix;

	private final WorkerSpecResolver specs;

	private final AtomicLong anonymous = new AtomicLong();

	/** The workers of tasks that are not scheduled methods, removed once their schedule ends. */
	private final Map<String, Boolean> transientWorkers = new ConcurrentHashMap<>();

	AdoptedTaskScheduler(WorkerRegistry registry, WorkerSources sources, ScheduledBeanNames beanNames,
			@Nullable String threadNamePrefix, WorkerSpecResolver specs) {
		this.registry = registry;
		this.sources = sources;
		this.beanNames = beanNames;
		this.threadNamePrefix = threadNamePrefix;
		this.specs = specs;
	}

	@Override
	public WorkerFuture schedule(Runnable task, Trigger trigger) {
		return adopt(task, new TriggerSchedule(trigger, describe(trigger)), Duration.ZERO);
	}

	@Override
	public WorkerFuture schedule(Runnable task, Instant startTime) {
		return adopt(task, new Once(startTime), Duration.ZERO);
	}

	@Override
	public WorkerFuture scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		return adopt(task, Schedule.fixedRate(period), delayUntil(startTime));
	}

	@Override
	public WorkerFuture scheduleAtFixedRate(Runnable task, Duration period) {
		return adopt(task, Schedule.fixedRate(period), Duration.ZERO);
	}

	@Override
	public WorkerFuture scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		return adopt(task, Schedule.fixedDelay(delay), delayUntil(startTime));
	}

	@Override
	public WorkerFuture scheduleWithFixedDelay(Runnable task, Duration delay) {
		return adopt(task, Schedule.fixedDelay(delay), Duration.ZERO);
	}

	private synchronized WorkerFuture adopt(Runnable task, Schedule schedule, Duration initialDelay) {
		removeEndedTransientWorkers();
		ScheduledMethodRunnable method = scheduledMethod(task);
		String name = uniqueName(baseName(method));
		this.sources.adopted(name, WorkerSources.SCHEDULED);
		if (method == null) {
			this.transientWorkers.put(name, Boolean.TRUE);
		}
		WorkerHandle worker = this.specs.register(this.registry, new ScheduledTaskSource(name,
				(method != null) ? method.getMethod() : null, schedule, initialDelay, this.threadNamePrefix),
				(ctx) -> task.run());
		return new WorkerFuture(worker, this.registry);
	}

	private String baseName(@Nullable ScheduledMethodRunnable method) {
		if (method == null) {
			return "scheduled-task-" + this.anonymous.incrementAndGet();
		}
		Object target = method.getTarget();
		String beanName = this.beanNames.beanName(target);
		if (beanName == null) {
			Object raw = AopProxyUtils.getSingletonTarget(target);
			beanName = (raw != null) ? this.beanNames.beanName(raw) : null;
		}
		if (beanName == null) {
			String type = target.getClass().getSimpleName();
			beanName = Character.toLowerCase(type.charAt(0)) + type.substring(1);
		}
		return ScheduledBeanNames.workerName(beanName, method.getMethod());
	}

	/** Several {@code @Scheduled} on one method, or one bean scheduled twice: a suffix keeps names unique. */
	private String uniqueName(String base) {
		String name = base;
		for (int n = 2; this.registry.find(name).isPresent(); n++) {
			name = base + "-" + n;
		}
		return name;
	}

	private void removeEndedTransientWorkers() {
		List<String> ended = new ArrayList<>();
		this.transientWorkers.keySet().forEach((name) -> {
			WorkerState state = this.registry.find(name).map(WorkerHandle::state).orElse(WorkerState.STOPPED);
			if (state == WorkerState.STOPPED) {
				ended.add(name);
			}
		});
		for (String name : ended) {
			this.transientWorkers.remove(name);
			this.registry.find(name).ifPresent((worker) -> this.registry.remove(name));
		}
	}

	/**
	 * The scheduled method behind Spring's wrappers (its outcome tracking, an error handler): they hold it in a field,
	 * without an accessor.
	 */
	static @Nullable ScheduledMethodRunnable scheduledMethod(Runnable task) {
		Runnable current = task;
		for (int depth = 0; depth < 5; depth++) {
			if (current instanceof ScheduledMethodRunnable method) {
				return method;
			}
			Runnable inner = innerRunnable(current);
			if (inner == null) {
				return null;
			}
			current = inner;
		}
		return null;
	}

	private static @Nullable Runnable innerRunnable(Runnable wrapper) {
		for (Class<?> type = wrapper.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (Runnable.class.isAssignableFrom(field.getType())) {
					try {
						ReflectionUtils.makeAccessible(field);
						return (Runnable) field.get(wrapper);
					}
					catch (RuntimeException | IllegalAccessException ex) {
						return null;
					}
				}
			}
		}
		return null;
	}

	private static String describe(Trigger trigger) {
		if (trigger instanceof CronTrigger cron) {
			ZoneId zone = null;
			if (CRON_ZONE != null) {
				try {
					ReflectionUtils.makeAccessible(CRON_ZONE);
					zone = (ZoneId) CRON_ZONE.get(cron);
				}
				catch (RuntimeException | IllegalAccessException ex) {
					logger.debug("Cannot read the zone of " + cron, ex);
				}
			}
			return "cron " + cron.getExpression() + " " + ((zone != null) ? zone : ZoneId.systemDefault()).getId();
		}
		return "trigger " + trigger;
	}

	private static Duration delayUntil(Instant startTime) {
		Duration delay = Duration.between(Instant.now(), startTime);
		return delay.isNegative() ? Duration.ZERO : delay;
	}

	/** One run at the given time, as {@link TaskScheduler#schedule(Runnable, Instant)}. */
	private record Once(Instant at) implements Schedule {

		@Override
		public @Nullable Instant nextRun(@Nullable Instant lastScheduled, @Nullable Instant lastEnded, Instant now) {
			return (lastScheduled == null) ? this.at : null;
		}

		@Override
		public String describe() {
			return "once at " + this.at;
		}

	}

}
