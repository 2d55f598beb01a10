package io.github.managedworkers.autoconfigure.adoption;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.ErrorHandler;

import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerState;
import io.github.managedworkers.autoconfigure.ManagedWorkersProperties;
import io.github.managedworkers.autoconfigure.WorkerSources;
import io.github.managedworkers.autoconfigure.WorkerSpecResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract on the adopted scheduler, wired as the auto-configuration wires it, and what only the adopted one can
 * get wrong: tasks scheduled before the registry starts.
 */
class AdoptedTaskSchedulerContractTests extends TaskSchedulerContractTests {

	private final WorkerRegistry registry = WorkerRegistry.builder().drainTimeout(Duration.ofSeconds(2)).build();

	@Override
	protected TaskScheduler start(@Nullable ErrorHandler errorHandler) {
		AdoptedTaskScheduler scheduler = notStarted(errorHandler);
		this.registry.start();
		return scheduler;
	}

	private AdoptedTaskScheduler notStarted(@Nullable ErrorHandler errorHandler) {
		WorkerRegistry registry = this.registry;
		ScheduledTaskQueue queue = new ScheduledTaskQueue();
		WorkerSpecResolver specs = new WorkerSpecResolver(new ManagedWorkersProperties(), new StandardEnvironment());
		queue.attach(specs.register(registry,
				new ScheduledTasksWorkerSource(new SpringTaskSettings(new StandardEnvironment())), queue));
		ScheduledBeanNames beanNames = new ScheduledBeanNames(
				new DefaultListableBeanFactory().getBeanProvider(WorkerSources.class));
		AdoptedTaskScheduler scheduler = new AdoptedTaskScheduler(registry, new WorkerSources(), beanNames,
				"adopted-contract-", specs, errorHandler, queue);
		return scheduler;
	}

	@Test
	void aFixedRateMethodScheduledBeforeTheRegistryStartsKeepsItsStartTime() throws Exception {
		AdoptedTaskScheduler scheduler = notStarted(null);
		Job job = new Job(1);
		Instant start = Instant.now().plusMillis(100);
		Duration period = Duration.ofHours(1);
		WorkerFuture future = (WorkerFuture) scheduler.scheduleAtFixedRate(method(job), start, period);
		// The application context takes its time to start: the registry starts after the start time.
		await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(start.plusMillis(300)));
		this.registry.start();
		job.awaitRuns();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(future.worker().snapshot().nextRun()).isEqualTo(start.plus(period)));
	}

	@Test
	void aScheduledMethodWhoseTriggerEndsAfterAFailedRunStopsItsWorker() {
		Job job = new Job(0);
		WorkerFuture future = (WorkerFuture) start(null).schedule(method(job), new TimesTrigger(1));
		assertThat((Object) future).isNotNull();
		await().atMost(Duration.ofSeconds(5)).until(() -> future.worker().state() == WorkerState.STOPPED);
		assertThat(future.worker().snapshot().failed()).isEqualTo(1);
		assertThat(job.runs.get()).isEqualTo(1);
	}

	@AfterEach
	void closeRegistry() {
		this.registry.close();
	}

	@Override
	protected void shutdown(TaskScheduler scheduler) {
		this.registry.close();
	}

}
