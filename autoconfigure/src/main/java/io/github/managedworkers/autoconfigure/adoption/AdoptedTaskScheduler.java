package io.github.managedworkers.autoconfigure.adoption;

import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.scheduling.support.SimpleTriggerContext;
import org.springframework.util.ErrorHandler;
import org.springframework.util.ReflectionUtils;

import io.github.managedworkers.Schedule;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.WorkerSources;
import io.github.managedworkers.autoconfigure.WorkerSpecResolver;
import io.github.managedworkers.autoconfigure.scheduling.TriggerSchedule;

/**
 * The application's {@link TaskScheduler}, keeping the contract of Spring's schedulers.
 * <p>
 * Each {@code @Scheduled} method (cron, fixed rate, fixed delay) becomes a worker of the registry named
 * {@code <bean>.<method>}, whose body is the method and whose schedule is Spring's: the core runs a body's runs one
 * after the other, so a fixed-rate method never overlaps itself; a run that fails is logged and counted, and the
 * method runs again at its next time.
 * <p>
 * Every other task (one-shot tasks, and what libraries and the application schedule) waits in one delay queue and
 * runs on one shared worker, {@value ScheduledTaskQueue#WORKER}, as a live task of it: no worker, thread or meters of
 * its own.
 * <p>
 * As on Spring's schedulers: a zone-less cron runs in the JVM's default zone; a one-shot task runs once and its
 * failure fails its future; {@code schedule(task, trigger)} returns {@code null} for a trigger that never fires;
 * cancelling never blocks and interrupts only with {@code cancel(true)}; the start time of a fixed rate or delay is
 * kept; the application's {@link ErrorHandler} gets the failures; a task scheduled once the drain began is refused
 * with a {@link TaskRejectedException}.
 */
final class AdoptedTaskScheduler implements TaskScheduler, WorkerFuture.Retirement {

	private static final Log logger = LogFactory.getLog(AdoptedTaskScheduler.class);

	private static final @Nullable Field CRON_ZONE = ReflectionUtils.findField(CronTrigger.class, "zoneId");

	private final WorkerRegistry registry;

	private final WorkerSources sources;

	private final ScheduledBeanNames beanNames;

	private final @Nullable String threadNamePrefix;

	private final WorkerSpecResolver specs;

	private final @Nullable ErrorHandler errorHandler;

	private final ScheduledTaskQueue queue;

	private final Clock clock = Clock.systemDefaultZone();

	/** The names with a suffix ({@code bean.method-2}) of the workers alive now. */
	private final Set<String> suffixed = ConcurrentHashMap.newKeySet();

	AdoptedTaskScheduler(WorkerRegistry registry, WorkerSources sources, ScheduledBeanNames beanNames,
			@Nullable String threadNamePrefix, WorkerSpecResolver specs,
			@Nullable ErrorHandler errorHandler, ScheduledTaskQueue queue) {
		this.registry = registry;
		this.sources = sources;
		this.beanNames = beanNames;
		this.threadNamePrefix = threadNamePrefix;
		this.specs = specs;
		this.errorHandler = errorHandler;
		this.queue = queue;
	}

	@Override
	public Clock getClock() {
		return this.clock;
	}

	@Override
	public @Nullable ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
		this.queue.checkAccepting(task);
		ScheduledMethodRunnable method = scheduledMethod(task);
		if (method != null) {
			Instant first = trigger.nextExecution(new SimpleTriggerContext(this.clock));
			if (first == null) {
				return null;
			}
			return adopt(method, task, new TriggerSchedule(trigger, describe(trigger)), first);
		}
		QueuedTask queued = QueuedTask.triggered(task, trigger, this.clock, this.errorHandler, this.queue);
		if (queued != null) {
			this.queue.add(queued);
		}
		return queued;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
		this.queue.checkAccepting(task);
		return queue(QueuedTask.once(task, startTime, this.clock, this.errorHandler, this.queue));
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		return fixedRate(task, startTime, period);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
		return fixedRate(task, null, period);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		return fixedDelay(task, startTime, delay);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		return fixedDelay(task, null, delay);
	}

	private ScheduledFuture<?> fixedRate(Runnable task, @Nullable Instant startTime, Duration period) {
		this.queue.checkAccepting(task);
		Schedule schedule = Schedule.fixedRate(period);
		ScheduledMethodRunnable method = scheduledMethod(task);
		if (method != null) {
			return adopt(method, task, schedule, startTime);
		}
		return queue(QueuedTask.fixedRate(task, (startTime != null) ? startTime : this.clock.instant(), period,
				this.clock, this.errorHandler, this.queue));
	}

	private ScheduledFuture<?> fixedDelay(Runnable task, @Nullable Instant startTime, Duration delay) {
		this.queue.checkAccepting(task);
		Schedule schedule = Schedule.fixedDelay(delay);
		ScheduledMethodRunnable method = scheduledMethod(task);
		if (method != null) {
			return adopt(method, task, schedule, startTime);
		}
		return queue(QueuedTask.fixedDelay(task, (startTime != null) ? startTime : this.clock.instant(), delay,
				this.clock, this.errorHandler, this.queue));
	}

	private QueuedTask queue(QueuedTask task) {
		this.queue.add(task);
		return task;
	}

	private synchronized WorkerFuture adopt(ScheduledMethodRunnable method, Runnable task, Schedule schedule,
			@Nullable Instant start) {
		String base = baseName(method);
		String name = uniqueName(base);
		WorkerFuture future = new WorkerFuture(task, schedule, start, this.errorHandler, this);
		this.sources.adopted(name, WorkerSources.SCHEDULED);
		if (!name.equals(base)) {
			this.suffixed.add(name);
		}
		try {
			future.attach(this.specs.register(this.registry, new ScheduledTaskSource(name, method.getMethod(), future,
					Duration.ZERO, this.threadNamePrefix), future));
		}
		catch (IllegalStateException ex) {
			forget(name);
			throw new TaskRejectedException("The worker registry is closed: " + task + " was not scheduled", ex);
		}
		return future;
	}

	@Override
	public void retireNow(WorkerFuture future) {
		WorkerHandle worker = future.worker();
		try {
			if (this.registry.find(worker.name()).orElse(null) == worker) {
				this.registry.remove(worker.name());
			}
			forget(worker.name());
		}
		catch (RuntimeException ex) {
			WorkerFuture.logGone(worker.name(), ex);
		}
	}

	/** A prototype's or refreshed bean's next instance takes the plain name again: no entry is kept for a suffix. */
	private void forget(String name) {
		if (this.suffixed.remove(name)) {
			this.sources.forget(name);
		}
	}

	@Override
	public void retireLater(WorkerFuture future) {
		// Once the shared worker drains, the registry's drain stops this worker too.
		this.queue.runSoon(() -> retireNow(future));
	}

	private String baseName(ScheduledMethodRunnable method) {
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

}
