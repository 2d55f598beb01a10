package io.github.managedworkers.autoconfigure.scheduling;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.TriggerContext;

import io.github.managedworkers.Schedule;

/**
 * A {@link Schedule} that asks a Spring {@link Trigger} (a {@code CronTrigger}, a {@code PeriodicTrigger}, one of the
 * application's) when the next run is, as Spring's schedulers do.
 */
public final class TriggerSchedule implements Schedule {

	private final Trigger trigger;

	private final String describe;

	/**
	 * Adapts a trigger.
	 * @param trigger the trigger
	 * @param describe how the endpoint shows it, such as {@code "cron 0 * * * * * UTC"}
	 */
	public TriggerSchedule(Trigger trigger, String describe) {
		this.trigger = trigger;
		this.describe = describe;
	}

	@Override
	public @Nullable Instant nextRun(@Nullable Instant lastScheduled, @Nullable Instant lastEnded, Instant now) {
		return this.trigger.nextExecution(new Context(lastScheduled, lastEnded, now));
	}

	@Override
	public String describe() {
		return this.describe;
	}

	/**
	 * The clock is in the JVM's default zone, as Spring's schedulers' ({@code TaskScheduler.getClock()}): a
	 * {@code CronTrigger} without a zone of its own takes the clock's zone.
	 * <p>
	 * A run's start is not kept apart from its due time by the core: a run starts when due, unless the previous one
	 * overran, so the due time stands for both.
	 */
	private record Context(@Nullable Instant lastScheduled, @Nullable Instant lastEnded,
			Instant now) implements TriggerContext {

		@Override
		public Clock getClock() {
			return Clock.fixed(this.now, ZoneId.systemDefault());
		}

		@Override
		public @Nullable Instant lastScheduledExecution() {
			return this.lastScheduled;
		}

		@Override
		public @Nullable Instant lastActualExecution() {
			return this.lastScheduled;
		}

		@Override
		public @Nullable Instant lastCompletion() {
			return this.lastEnded;
		}

	}

}
