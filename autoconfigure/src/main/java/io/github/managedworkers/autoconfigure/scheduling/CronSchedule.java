package io.github.managedworkers.autoconfigure.scheduling;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

import io.github.managedworkers.Schedule;

/**
 * A {@link Schedule} on a Spring cron expression ({@code second minute hour day-of-month month day-of-week}, macros
 * such as {@code @hourly} included) in a time zone, computed by Spring's own {@link CronExpression}. A run that ends
 * after its successor's time makes the successor start at the first cron time after the end, as Spring's
 * {@code CronTrigger} does: runs never overlap and missed times are not caught up.
 */
public final class CronSchedule implements Schedule {

	/** What a cron expression may be, for error messages. */
	public static final String CRON_ALLOWED = "a Spring cron expression of six fields (second minute hour "
			+ "day-of-month month day-of-week), such as \"0 */5 * * * *\", or a macro such as @hourly";

	/** What a zone may be, for error messages. */
	public static final String ZONE_ALLOWED = "a time-zone id such as \"UTC\", \"Europe/Paris\" or \"+02:00\"";

	private final CronExpression expression;

	private final ZoneId zone;

	private final String describe;

	private CronSchedule(CronExpression expression, ZoneId zone) {
		this.expression = expression;
		this.zone = zone;
		this.describe = "cron " + expression + " " + zone.getId();
	}

	/**
	 * Parses a cron expression in a zone.
	 * @param expression a Spring cron expression
	 * @param zone a zone id, or {@code null} or empty for the JVM's default zone
	 * @return the schedule
	 * @throws IllegalArgumentException naming the bad expression or zone and what is allowed
	 */
	public static CronSchedule of(String expression, @Nullable String zone) {
		ZoneId zoneId = parseZone(zone);
		try {
			return new CronSchedule(CronExpression.parse(expression), zoneId);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid cron expression '" + expression + "' (" + ex.getMessage()
					+ "): allowed is " + CRON_ALLOWED, ex);
		}
	}

	/**
	 * Parses a zone id.
	 * @param zone a zone id, or {@code null} or empty for the JVM's default zone
	 * @return the zone
	 * @throws IllegalArgumentException naming the bad zone and what is allowed
	 */
	public static ZoneId parseZone(@Nullable String zone) {
		if (zone == null || zone.isEmpty()) {
			return ZoneId.systemDefault();
		}
		try {
			return ZoneId.of(zone);
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("Invalid zone '" + zone + "': allowed is " + ZONE_ALLOWED, ex);
		}
	}

	@Override
	public @Nullable Instant nextRun(@Nullable Instant lastScheduled, @Nullable Instant lastEnded, Instant now) {
		// As CronTrigger: from the later of the last end and the last due time, so a run that overran skips the
		// times it missed and no time runs twice.
		Instant from = (lastEnded != null) ? lastEnded : now;
		if (lastScheduled != null && from.isBefore(lastScheduled)) {
			from = lastScheduled;
		}
		ZonedDateTime next = this.expression.next(from.atZone(this.zone));
		return (next != null) ? next.toInstant() : null;
	}

	@Override
	public String describe() {
		return this.describe;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof CronSchedule cron) && this.describe.equals(cron.describe);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.describe);
	}

	@Override
	public String toString() {
		return this.describe;
	}

}
