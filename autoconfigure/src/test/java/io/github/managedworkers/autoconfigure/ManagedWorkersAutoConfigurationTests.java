package io.github.managedworkers.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.RestartPolicy;
import io.github.managedworkers.TaskKind;
import io.github.managedworkers.ThreadMode;
import io.github.managedworkers.Worker;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerListener;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;
import io.github.managedworkers.WorkerState;
import io.github.managedworkers.test.LeakOption;
import io.github.managedworkers.test.ThreadLeaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ManagedWorkersAutoConfigurationTests {

	private static final Duration LONG = Duration.ofMinutes(1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class));

	@Test
	void annotatedBeansAndMethodsBecomeWorkersThatStartWithTheContext() {
		this.contextRunner.withUserConfiguration(Workers.class).run((context) -> {
			WorkerRegistry registry = context.getBean(WorkerRegistry.class);
			String flush = context.getBeanNamesForType(Workers.class)[0] + ".flush";
			assertThat(registry.workers()).extracting(WorkerHandle::name).containsExactlyInAnyOrder("poller", flush);
			await().atMost(LONG).until(() -> context.getBean(Poller.class).running.getCount() == 0);
			await().atMost(LONG).until(() -> context.getBean(Workers.class).flushes.size() >= 2);
			assertThat(registry.get("poller").state()).isEqualTo(WorkerState.RUNNING);
			assertThat(registry.get(flush).spec().every()).isEqualTo(Duration.ofMillis(1));
			assertThat(context.getBean(Workers.class).flushes).allMatch(flush::equals);
		});
	}

	@Test
	void anIdleWorkerHearsTheStopWhenTheContextClosesAndLeavesNoThreadBehind() {
		LeakOption before = LeakOption.ignoreCurrentThreads();
		Poller[] poller = new Poller[1];
		this.contextRunner.withUserConfiguration(Workers.class).run((context) -> {
			poller[0] = context.getBean(Poller.class);
			await().atMost(LONG).until(() -> poller[0].running.getCount() == 0);
		});
		assertThat(poller[0].exitedOnSignal).isTrue();
		ThreadLeaks.verifyNone(before);
	}

	@Test
	void aTaskInFlightWhenTheContextClosesCompletesInTheDrain() {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		List<String> done = new CopyOnWriteArrayList<>();
		this.contextRunner.withUserConfiguration(Workers.class).run((context) -> {
			WorkerHandle poller = context.getBean(WorkerRegistry.class).get("poller");
			poller.submit((ctx) -> {
				started.countDown();
				assertThat(finish.await(1, TimeUnit.MINUTES)).isTrue(); // busy with work that ignores the signal, and finishes by itself
				done.add("task");
				return null;
			});
			assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
			// The closing thread drains; let the task finish once the drain is under way.
			poller.submit((ctx) -> {
				while (!ctx.isStopping()) {
					ctx.sleep(LONG);
				}
				finish.countDown();
				return null;
			});
		});
		assertThat(done).containsExactly("task");
	}

	@Test
	void theRegistryTakesItsSettingsFromProperties() {
		this.contextRunner
			.withPropertyValues("managed-workers.threads=platform", "managed-workers.shutdown.drain-timeout=7s")
			.run((context) -> {
				WorkerRegistry registry = context.getBean(WorkerRegistry.class);
				assertThat(registry.threadMode()).isEqualTo(ThreadMode.PLATFORM);
				assertThat(registry.drainTimeout()).isEqualTo(Duration.ofSeconds(7));
			});
	}

	@Test
	void propertiesWinOverTheAnnotationWhichWinsOverTheDefaults() {
		this.contextRunner.withUserConfiguration(Tuned.class)
			.withPropertyValues("managed-workers.defaults.max-concurrency=3", "managed-workers.defaults.max-wait=250ms",
					"managed-workers.defaults.restart=never", "managed-workers.workers.tuned.max-concurrency=5",
					"managed-workers.workers.tuned.restart-backoff.max=1m")
			.run((context) -> {
				WorkerSpec spec = context.getBean(WorkerRegistry.class).get("tuned").spec();
				assertThat(spec.maxConcurrency()).isEqualTo(5); // property over annotation (4) over default (3)
				assertThat(spec.maxWait()).isEqualTo(Duration.ofSeconds(2)); // annotation over default
				assertThat(spec.restart()).isEqualTo(RestartPolicy.NEVER); // default: the annotation left it alone
				assertThat(spec.every()).isEqualTo(Duration.ofMinutes(10));
				assertThat(spec.restartBackoffMax()).isEqualTo(Duration.ofMinutes(1));
				assertThat(spec.restartBackoffInitial()).isEqualTo(WorkerSpec.DEFAULT_BACKOFF_INITIAL);
			});
	}

	@Test
	void theQueueCapacityComesFromTheWorkersPropertyTheAnnotationOrTheDefault() {
		this.contextRunner.withUserConfiguration(Tuned.class)
			.run((context) -> assertThat(context.getBean(WorkerRegistry.class).get("tuned").spec().queueCapacity())
				.isEqualTo(100)); // the annotation over the default (0)
		this.contextRunner.withUserConfiguration(Tuned.class)
			.withPropertyValues("managed-workers.defaults.queue-capacity=7",
					"managed-workers.workers.tuned.queue-capacity=50")
			.run((context) -> assertThat(context.getBean(WorkerRegistry.class).get("tuned").spec().queueCapacity())
				.isEqualTo(50));
	}

	@Test
	void aNamedMethodWorkerUsesItsName() {
		this.contextRunner.withUserConfiguration(Tuned.class)
			.run((context) -> assertThat(context.getBean(WorkerRegistry.class).find("tuned")).isPresent());
	}

	@Test
	void anApplicationRegistryReplacesTheAutoConfiguredOne() {
		this.contextRunner.withUserConfiguration(OwnRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(WorkerRegistry.class);
			assertThat(context.getBean(WorkerRegistry.class)).isSameAs(context.getBean(OwnRegistry.class).registry);
		});
	}

	@Test
	void disablingManagedWorkersTurnsEverythingOff() {
		this.contextRunner.withUserConfiguration(Workers.class)
			.withPropertyValues("managed-workers.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(WorkerRegistry.class);
				assertThat(context).doesNotHaveBean(ManagedWorkersLifecycle.class);
				assertThat(context.getBean(Poller.class).running.getCount()).isEqualTo(1);
			});
	}

	@Test
	void listenerBeansHearTheWorkers() {
		this.contextRunner.withUserConfiguration(Workers.class, Listening.class).run((context) -> {
			await().atMost(LONG).until(() -> context.getBean(Listening.class).started.size() >= 2);
			assertThat(context.getBean(Listening.class).started).contains("poller");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Workers {

		final List<String> flushes = new CopyOnWriteArrayList<>();

		@Bean
		Poller poller() {
			return new Poller();
		}

		@ManagedWorker(every = "1ms")
		void flush(WorkerContext ctx) {
			this.flushes.add(ctx.workerName());
		}

	}

	@ManagedWorker
	static class Poller implements Worker {

		final CountDownLatch running = new CountDownLatch(1);

		volatile boolean exitedOnSignal;

		@Override
		public void run(WorkerContext ctx) {
			this.running.countDown();
			while (!ctx.isStopping()) {
				ctx.sleep(LONG);
			}
			this.exitedOnSignal = !Thread.currentThread().isInterrupted();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Tuned {

		@ManagedWorker(name = "tuned", every = "10m", maxConcurrency = 4, maxWait = "2s", queueCapacity = 100)
		void run() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRegistry {

		final WorkerRegistry registry = WorkerRegistry.builder().build();

		@Bean
		WorkerRegistry myRegistry() {
			return this.registry;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Listening {

		final List<String> started = new CopyOnWriteArrayList<>();

		@Bean
		WorkerListener recordingListener() {
			return new WorkerListener() {
				@Override
				public void taskStarted(WorkerHandle worker, TaskKind kind) {
					Listening.this.started.add(worker.name());
				}
			};
		}

	}

}
