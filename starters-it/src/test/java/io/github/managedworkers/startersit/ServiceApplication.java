package io.github.managedworkers.startersit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.integration.core.MessageSource;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.quartz.QuartzJobBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.WorkerContext;

/**
 * A service shaped like the ones the starter meets in the field: full auto-configuration, beside Spring Integration
 * (a poller), Quartz (a job every 100 ms), Batch (a job run at startup), JPA, WebSocket and WebFlux, with
 * {@code @Scheduled} and {@code @Async} work of its own and one exclusive worker on the JDBC lock store.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
@EnableAsync
@EnableWebSocket
@EnableJpaRepositories(considerNestedRepositories = true)
class ServiceApplication implements WebSocketConfigurer {

	@Override
	public void registerWebSocketHandlers(
			org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry registry) {
		registry.addHandler(new Echo(), "/echo");
	}

	@Bean
	Counters counters() {
		return new Counters();
	}

	@Bean
	Reports reports(Counters counters) {
		return new Reports(counters);
	}

	@Bean
	Mailer mailer() {
		return new Mailer();
	}

	@Bean
	Reaper reaper(Counters counters) {
		return new Reaper(counters);
	}

	/** Spring Integration's own background work: a poller on the integration scheduler. */
	@Bean
	IntegrationFlow polled(Counters counters) {
		MessageSource<Integer> source = () -> {
			counters.pollWorker = WorkerContext.current().map(WorkerContext::workerName).orElse("unowned");
			return MessageBuilder.withPayload(counters.polled.incrementAndGet()).build();
		};
		return IntegrationFlow.from(source, (adapter) -> adapter.id("counterPoller").poller(Pollers.fixedDelay(50)))
			.handle((message) -> counters.handled.incrementAndGet())
			.get();
	}

	@Bean
	JobDetail quartzCountingJob() {
		return org.quartz.JobBuilder.newJob(CountingQuartzJob.class).withIdentity("counting").storeDurably().build();
	}

	@Bean
	Trigger quartzCountingTrigger(JobDetail quartzCountingJob) {
		return TriggerBuilder.newTrigger()
			.forJob(quartzCountingJob)
			.withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(100).repeatForever())
			.build();
	}

	/** Run once at startup by Boot's batch auto-configuration. */
	@Bean
	Job importJob(JobRepository jobRepository, PlatformTransactionManager transactions, Counters counters) {
		return new JobBuilder("import", jobRepository)
			.start(new StepBuilder("load", jobRepository).tasklet((contribution, chunk) -> {
				counters.batchSteps.incrementAndGet();
				return RepeatStatus.FINISHED;
			}, transactions).build())
			.build();
	}

	static class Counters {

		final AtomicInteger ticks = new AtomicInteger();

		final AtomicInteger polled = new AtomicInteger();

		final AtomicInteger handled = new AtomicInteger();

		final AtomicInteger quartzRuns = new AtomicInteger();

		final AtomicInteger batchSteps = new AtomicInteger();

		final AtomicInteger reaps = new AtomicInteger();

		volatile String tickWorker = "";

		volatile String pollWorker = "";

	}

	static class Reports {

		private final Counters counters;

		Reports(Counters counters) {
			this.counters = counters;
		}

		@Scheduled(fixedDelay = 50)
		void tick() {
			this.counters.tickWorker = WorkerContext.current().map(WorkerContext::workerName).orElse("unowned");
			this.counters.ticks.incrementAndGet();
		}

	}

	static class Mailer {

		@Async
		CompletableFuture<String> send(String to) {
			String worker = WorkerContext.current().map(WorkerContext::workerName).orElse("unowned");
			return CompletableFuture.completedFuture(worker + ":" + to);
		}

	}

	@ManagedWorker(every = "100ms", exclusive = true)
	static class Reaper implements io.github.managedworkers.Worker {

		private final Counters counters;

		Reaper(Counters counters) {
			this.counters = counters;
		}

		@Override
		public void run(WorkerContext ctx) {
			this.counters.reaps.incrementAndGet();
		}

	}

	static class CountingQuartzJob extends QuartzJobBean {

		@Autowired
		private Counters counters;

		@Override
		protected void executeInternal(JobExecutionContext context) {
			this.counters.quartzRuns.incrementAndGet();
		}

	}

	static class Echo extends TextWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			session.sendMessage(message);
		}

	}

	/** Its table comes from Flyway's migration, as in a service that keeps its schema in migrations. */
	@Entity
	@Table(name = "notes")
	static class Note {

		@Id
		@GeneratedValue
		Long id;

		String text;

	}

	interface Notes extends JpaRepository<Note, Long> {

	}

}
