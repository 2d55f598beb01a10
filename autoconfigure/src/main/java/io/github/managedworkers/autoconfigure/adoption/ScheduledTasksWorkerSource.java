package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.util.EnumSet;

import org.springframework.boot.context.properties.PropertyMapper;

import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.autoconfigure.WorkerSetting;
import io.github.managedworkers.autoconfigure.WorkerSpecSource;

/**
 * The shared worker of the tasks that are not {@code @Scheduled} methods (what libraries and the application schedule
 * on the {@code TaskScheduler}) as a source: Boot's {@code spring.task.scheduling.pool.size} maps onto its
 * {@code max-concurrency}; its body is the delay queue's loop, so the settings of a schedule or a lease are locked.
 */
final class ScheduledTasksWorkerSource implements WorkerSpecSource {

	static final String QUEUE_LOOP = "the '" + ScheduledTaskQueue.WORKER + "' worker's body is the adopted "
			+ "scheduler's delay queue: each task keeps the schedule it was given";

	private final SpringTaskSettings spring;

	ScheduledTasksWorkerSource(SpringTaskSettings spring) {
		this.spring = spring;
	}

	@Override
	public String name() {
		return ScheduledTaskQueue.WORKER;
	}

	@Override
	public String declaration() {
		return "the adopted TaskScheduler's shared worker";
	}

	@Override
	public void springTask(Settings settings) {
		PropertyMapper.get()
			.from(this.spring.schedulingLimit())
			.to((limit) -> settings.property(WorkerSetting.MAX_CONCURRENCY, limit.value(), limit.key()));
	}

	@Override
	public void own(Settings settings) {
		settings.fixed(EnumSet.of(WorkerSetting.EVERY, WorkerSetting.INITIAL_DELAY, WorkerSetting.CRON,
				WorkerSetting.ZONE, WorkerSetting.EXCLUSIVE), QUEUE_LOOP);
		// The queue's loop waits for a permit in turns of this length: a due task is never refused as FULL.
		settings.fixed(WorkerSetting.MAX_WAIT, Duration.ofSeconds(1), QUEUE_LOOP);
	}

	@Override
	public void configure(WorkerSpec.Builder builder) {
		builder.threadNamePrefix(this.spring.schedulingThreadNamePrefix());
	}

}
