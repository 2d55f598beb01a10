package io.github.managedworkers.autoconfigure.adoption;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.TriggerContext;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.util.ErrorHandler;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What a {@link TaskScheduler} promises (its javadoc, and Spring Framework's own {@code ThreadPoolTaskSchedulerTests}),
 * run against Spring's {@code ThreadPoolTaskScheduler} and against the adopted scheduler, so that a difference fails
 * the adopted one only. Each promise is checked with a plain task (what libraries schedule) and, where a
 * {@code @Scheduled} method can be scheduled that way, with a scheduled method, which the adopted scheduler runs on a
 * worker of its own.
 */
abstract class TaskSchedulerContractTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private @Nullable TaskScheduler scheduler;

	private @Nullable TimeZone zoneBefore;

	/**
	 * A started scheduler.
	 * @param errorHandler the application's error handler, or {@code null} for the default
	 */
	protected abstract TaskScheduler start(@Nullable ErrorHandler errorHandler);

	/** Shuts down (drains) the scheduler the test started. */
	protected abstract void shutdown(TaskScheduler scheduler);

	private TaskScheduler scheduler() {
		return scheduler(null);
	}

	private TaskScheduler scheduler(@Nullable ErrorHandler errorHandler) {
		TaskScheduler started = start(errorHandler);
		this.scheduler = started;
		return started;
	}

	@AfterEach
	void shutdownScheduler() {
		if (this.scheduler != null) {
			shutdown(this.scheduler);
		}
		if (this.zoneBefore != null) {
			TimeZone.setDefault(this.zoneBefore);
		}
	}

	@Test
	void aOneShotTaskRunsOnceAndItsFutureIsDoneWithNull() throws Exception {
		Job job = new Job(1);
		ScheduledFuture<?> future = scheduler().schedule(job, Instant.now());
		assertThat(future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNull();
		assertThat(future.isDone()).isTrue();
		assertThat(future.get()).as("get() after done returns at once").isNull();
		assertThat(job.runs.get()).isEqualTo(1);
		assertThat(future.getDelay(TimeUnit.NANOSECONDS)).as("the delay of a run in the past").isNegative();
	}

	@Test
	void aFailingOneShotTaskRunsOnceAndItsFailureIsOnTheFuture() throws Exception {
		TaskScheduler scheduler = scheduler();
		Job job = new Job(0);
		ScheduledFuture<?> future = scheduler.schedule(job, Instant.now());
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
			.withCauseInstanceOf(IllegalStateException.class);
		assertThat(future.isDone()).isTrue();
		// A later task has run: had the failed one been run again, it would have been before it.
		Job later = new Job(1);
		scheduler.schedule(later, Instant.now().plusMillis(50)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(job.runs.get()).isEqualTo(1);
	}

	@Test
	void aFailingOneShotTaskGoesToTheErrorHandlerAndItsFutureEndsWithNull() throws Exception {
		Handler handler = new Handler();
		Job job = new Job(0);
		ScheduledFuture<?> future = scheduler(handler).schedule(job, Instant.now());
		assertThat(future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNull();
		assertThat(handler.errors).singleElement().isInstanceOf(IllegalStateException.class);
		assertThat(job.runs.get()).isEqualTo(1);
	}

	@RepeatedTest(3)
	void aTriggerRunsTheTaskUntilItEndsThenTheFutureIsDone() throws Exception {
		Job job = new Job(3);
		ScheduledFuture<?> future = scheduler().schedule(job, new TimesTrigger(3));
		assertThat((Object) future).isNotNull();
		job.awaitRuns();
		assertThat(future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNull();
		assertThat(job.runs.get()).isEqualTo(3);
	}

	@Test
	void aTriggerThatEndsAfterAFailedRunEndsTheTask() throws Exception {
		TaskScheduler scheduler = scheduler();
		for (boolean asMethod : new boolean[] { false, true }) {
			Job job = new Job(0);
			ScheduledFuture<?> future = scheduler.schedule(asMethod ? method(job) : job, new TimesTrigger(1));
			assertThat((Object) future).isNotNull();
			await().atMost(WAIT).until(future::isDone);
			// A later task has run: had the failed one been run again, it would have been before it.
			scheduler.schedule(new Job(1), Instant.now().plusMillis(50)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(job.runs.get()).as("runs of the %s", asMethod ? "method" : "task").isEqualTo(1);
		}
	}

	@Test
	void aTriggerThatNeverFiresSchedulesNothing() {
		TaskScheduler scheduler = scheduler();
		assertThat((Object) scheduler.schedule(new Job(0), new TimesTrigger(0))).isNull();
		assertThat((Object) scheduler.schedule(method(new Job(0)), new TimesTrigger(0))).isNull();
	}

	@Test
	void cancellingWithoutInterruptNeverBlocksNorInterruptsTheRunInFlight() throws Exception {
		cancelsWithoutInterrupt(new BlockingJob());
	}

	@Test
	void cancellingAScheduledMethodWithoutInterruptNeverBlocksNorInterruptsTheRunInFlight() throws Exception {
		BlockingJob job = new BlockingJob();
		cancelsWithoutInterrupt(job, method(job));
	}

	private void cancelsWithoutInterrupt(BlockingJob job) throws Exception {
		cancelsWithoutInterrupt(job, job);
	}

	private void cancelsWithoutInterrupt(BlockingJob job, Runnable task) throws Exception {
		ScheduledFuture<?> future = scheduler().scheduleAtFixedRate(task, Duration.ofMillis(20));
		assertThat(job.started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThat(future.cancel(false)).isTrue());
		assertThat(future.isCancelled()).isTrue();
		assertThat(future.isDone()).isTrue();
		job.release.countDown();
		await().atMost(WAIT).until(() -> job.finished.get() == 1);
		assertThat(job.interrupted).isFalse();
		assertThat(job.runs.get()).isEqualTo(1);
	}

	@Test
	void cancellingWithInterruptInterruptsTheRunInFlight() throws Exception {
		BlockingJob job = new BlockingJob();
		ScheduledFuture<?> future = scheduler().scheduleWithFixedDelay(job, Duration.ofMillis(20));
		assertThat(job.started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThat(future.cancel(true)).isTrue());
		await().atMost(WAIT).until(() -> job.finished.get() == 1);
		assertThat(job.interrupted).isTrue();
	}

	@Test
	void aTaskMayCancelItself() throws Exception {
		cancelsItself(false);
	}

	@Test
	void aScheduledMethodMayCancelItself() throws Exception {
		cancelsItself(true);
	}

	private void cancelsItself(boolean asMethod) throws Exception {
		AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
		SelfCancellingJob job = new SelfCancellingJob(self);
		Runnable task = asMethod ? method(job) : job;
		CountDownLatch scheduled = job.scheduled;
		self.set(scheduler().scheduleAtFixedRate(task, Duration.ofMillis(10)));
		scheduled.countDown();
		await().atMost(WAIT).until(() -> job.cancelled.get() != null);
		assertThat(job.cancelled.get()).isTrue();
		assertThat(job.cancelTook.get()).isLessThan(Duration.ofSeconds(1));
		assertThat(self.get().isCancelled()).isTrue();
		// One more fixed-rate period, long enough for a run that should not happen.
		Job marker = new Job(1);
		this.scheduler.schedule(marker, Instant.now().plusMillis(50)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(job.runs.get()).isEqualTo(1);
	}

	@Test
	void aCronWithoutAZoneRunsInTheDefaultZone() {
		this.zoneBefore = TimeZone.getDefault();
		ZoneId tokyo = ZoneId.of("Asia/Tokyo");
		TimeZone.setDefault(TimeZone.getTimeZone(tokyo));
		TaskScheduler scheduler = scheduler();
		for (Runnable task : List.<Runnable>of(new Job(0), method(new Job(0)))) {
			ScheduledFuture<?> future = scheduler.schedule(task, new CronTrigger("0 0 2 * * *"));
			assertThat((Object) future).isNotNull();
			ZonedDateTime now = ZonedDateTime.now(tokyo);
			ZonedDateTime twoAm = now.toLocalDate().atTime(2, 0).atZone(tokyo);
			assertDueAt(future, (twoAm.isAfter(now) ? twoAm : twoAm.plusDays(1)).toInstant());
			future.cancel(false);
		}
	}

	@Test
	void aFixedRateKeepsItsStartTime() throws Exception {
		keepsItsStartTime(false, true);
		keepsItsStartTime(true, true);
	}

	@Test
	void aFixedDelayKeepsItsStartTime() throws Exception {
		keepsItsStartTime(false, false);
		keepsItsStartTime(true, false);
	}

	private void keepsItsStartTime(boolean asMethod, boolean fixedRate) throws Exception {
		Job job = new Job(1);
		Runnable task = asMethod ? method(job) : job;
		Instant start = Instant.now().plusMillis(300);
		Duration period = Duration.ofHours(1);
		TaskScheduler scheduler = (this.scheduler != null) ? this.scheduler : scheduler();
		ScheduledFuture<?> future = fixedRate ? scheduler.scheduleAtFixedRate(task, start, period)
				: scheduler.scheduleWithFixedDelay(task, start, period);
		assertDueAt(future, start);
		job.awaitRuns();
		assertThat(job.firstRunAt.get()).isAfterOrEqualTo(start.minusMillis(20));
		if (fixedRate) {
			// The next run is one period after the start time, whenever the first run began.
			await().atMost(WAIT).untilAsserted(() -> assertDueAt(future, start.plus(period)));
		}
		future.cancel(false);
	}

	/** The delay is the time until {@code due}, give or take the clocks' granularity. */
	private static void assertDueAt(ScheduledFuture<?> future, Instant due) {
		Instant before = Instant.now();
		long delay = future.getDelay(TimeUnit.MILLISECONDS);
		Instant after = Instant.now();
		assertThat(delay).as("delay until %s", due)
			.isBetween(Duration.between(after, due).toMillis() - 20, Duration.between(before, due).toMillis() + 20);
	}

	@Test
	void aTaskScheduledAfterShutdownIsRejected() {
		TaskScheduler scheduler = scheduler();
		shutdown(scheduler);
		this.scheduler = null;
		assertThatExceptionOfType(TaskRejectedException.class)
			.isThrownBy(() -> scheduler.schedule(new Job(0), Instant.now()));
		assertThatExceptionOfType(TaskRejectedException.class)
			.isThrownBy(() -> scheduler.scheduleAtFixedRate(method(new Job(0)), Duration.ofSeconds(1)));
	}

	@Test
	void cancellingAFinishedOneShotTaskDoesNothing() throws Exception {
		ScheduledFuture<?> future = scheduler().schedule(new Job(1), Instant.now());
		future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThatNoException().isThrownBy(() -> assertThat(future.cancel(true)).isFalse());
		assertThat(future.isCancelled()).isFalse();
	}

	/** The task as a {@code @Scheduled} method of a bean. */
	static Runnable method(Runnable bean) {
		Method run = ReflectionUtils.findMethod(bean.getClass(), "run");
		assertThat(run).isNotNull();
		return new ScheduledMethodRunnable(bean, run);
	}

	/** Counts its runs; fails each run beyond the expected number. */
	public static class Job implements Runnable {

		final AtomicInteger runs = new AtomicInteger();

		final AtomicReference<@Nullable Instant> firstRunAt = new AtomicReference<>();

		private final int expectedRuns;

		private final CountDownLatch ran;

		Job(int expectedRuns) {
			this.expectedRuns = expectedRuns;
			this.ran = new CountDownLatch(Math.max(expectedRuns, 1));
		}

		@Override
		public void run() {
			this.firstRunAt.compareAndSet(null, Instant.now());
			int run = this.runs.incrementAndGet();
			this.ran.countDown();
			if (run > this.expectedRuns) {
				throw new IllegalStateException("Run " + run + " of a job expected to run " + this.expectedRuns
						+ " times");
			}
		}

		void awaitRuns() throws InterruptedException {
			assertThat(this.ran.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the job ran").isTrue();
		}

	}

	/** Blocks its first run until released. */
	public static class BlockingJob implements Runnable {

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger runs = new AtomicInteger();

		final AtomicInteger finished = new AtomicInteger();

		volatile boolean interrupted;

		@Override
		public void run() {
			this.runs.incrementAndGet();
			this.started.countDown();
			try {
				if (!this.release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
					throw new IllegalStateException("Not released");
				}
			}
			catch (InterruptedException ex) {
				this.interrupted = true;
				Thread.currentThread().interrupt();
			}
			finally {
				this.finished.incrementAndGet();
			}
		}

	}

	/** Cancels its own future on its first run. */
	public static class SelfCancellingJob implements Runnable {

		final CountDownLatch scheduled = new CountDownLatch(1);

		final AtomicInteger runs = new AtomicInteger();

		final AtomicReference<@Nullable Boolean> cancelled = new AtomicReference<>();

		final AtomicReference<Duration> cancelTook = new AtomicReference<>(Duration.ZERO);

		private final AtomicReference<ScheduledFuture<?>> self;

		SelfCancellingJob(AtomicReference<ScheduledFuture<?>> self) {
			this.self = self;
		}

		@Override
		public void run() {
			this.runs.incrementAndGet();
			try {
				assertThat(this.scheduled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (this.cancelled.get() == null) {
				long started = System.nanoTime();
				boolean result = this.self.get().cancel(false);
				this.cancelTook.set(Duration.ofNanos(System.nanoTime() - started));
				this.cancelled.set(result);
			}
		}

	}

	/** Fires at once, a given number of times. */
	static final class TimesTrigger implements Trigger {

		private final int times;

		private final AtomicInteger fired = new AtomicInteger();

		TimesTrigger(int times) {
			this.times = times;
		}

		@Override
		public @Nullable Instant nextExecution(TriggerContext triggerContext) {
			return (this.fired.incrementAndGet() > this.times) ? null : triggerContext.getClock().instant();
		}

	}

	static final class Handler implements ErrorHandler {

		final List<Throwable> errors = new CopyOnWriteArrayList<>();

		@Override
		public void handleError(Throwable ex) {
			this.errors.add(ex);
		}

	}

}
