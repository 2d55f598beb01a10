package io.github.managedworkers;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryTests extends ThreadModeContract {

	@Test
	void anUnknownNameIsAnErrorThatListsTheKnownOnes() {
		this.registry.register(WorkerSpec.builder("b").build());
		this.registry.register(WorkerSpec.builder("a").build());
		assertThatThrownBy(() -> this.registry.get("c")).isInstanceOfSatisfying(NoSuchWorkerException.class,
				(ex) -> assertThat(ex.knownNames()).containsExactly("a", "b"))
			.hasMessage("No worker named 'c'; known workers: [a, b]");
		assertThat(this.registry.find("c")).isEmpty();
		assertThat(this.registry.find("a")).isPresent();
		assertThat(this.registry.workers()).extracting(WorkerHandle::name).containsExactly("b", "a");
	}

	@Test
	void aDuplicateNameIsRejected() {
		this.registry.register(WorkerSpec.builder("twice").build());
		assertThatThrownBy(() -> this.registry.register(WorkerSpec.builder("twice").build(), (ctx) -> {
		})).isInstanceOf(InvalidWorkerSpecException.class)
			.hasMessage("Worker 'twice': invalid name 'twice'; allowed: a name no other worker has; registered: [twice]");
	}

	@Test
	void aPeriodicWorkerNeedsABody() {
		assertThatThrownBy(() -> this.registry.register(WorkerSpec.builder("tick").every("1s").build()))
			.hasMessageContaining("invalid every 'PT1S'")
			.hasMessageContaining("without a body");
	}

	@Test
	void workersRegisteredAfterStartStartAtOnce() throws Exception {
		this.registry.start();
		CountDownLatch ran = new CountDownLatch(1);
		WorkerHandle late = this.registry.register(WorkerSpec.builder("late").build(), (ctx) -> {
			ran.countDown();
			while (!ctx.isStopping()) {
				ctx.sleep(LONG);
			}
		});
		assertThat(ran.await(1, TimeUnit.MINUTES)).isTrue();
		assertThat(late.state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void removingAWorkerStopsItFirst() throws Exception {
		WorkerHandle pool = this.registry.register(WorkerSpec.builder("removed").build());
		this.registry.start();
		CountDownLatch running = new CountDownLatch(1);
		pool.submit((ctx) -> {
			running.countDown();
			return ctx.sleep(LONG);
		});
		assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
		DrainReport report = this.registry.remove("removed");
		assertThat(report.finished()).isEqualTo(1);
		assertThat(pool.state()).isEqualTo(WorkerState.STOPPED);
		assertThat(this.registry.find("removed")).isEmpty();
	}

	@Test
	void aTaskDecoratorCarriesTheSubmittersContextToTheTask() throws Exception {
		ThreadLocal<String> requestId = new ThreadLocal<>();
		WorkerRegistry decorated = registryBuilder().taskDecorator(new TaskDecorator() {
			@Override
			public <T> Task<T> decorate(Task<T> task) {
				String captured = requestId.get();
				return (ctx) -> {
					requestId.set(captured);
					try {
						return task.call(ctx);
					}
					finally {
						requestId.remove();
					}
				};
			}
		}).build();
		try {
			WorkerHandle pool = decorated.register(WorkerSpec.builder("decorated").build());
			decorated.start();
			requestId.set("request-7");
			assertThat(pool.submit((ctx) -> requestId.get()).get()).isEqualTo("request-7");
		}
		finally {
			requestId.remove();
			decorated.close();
		}
	}

	@Test
	void theActiveTaskTotalCoversEveryWorker() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch running = new CountDownLatch(3);
		for (String name : new String[] { "x", "y", "z" }) {
			pool(name, 1, Duration.ZERO).submit((ctx) -> {
				running.countDown();
				assertThat(release.await(1, TimeUnit.MINUTES)).isTrue();
				return null;
			});
		}
		assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
		assertThat(this.registry.activeTasks()).isEqualTo(3);
		release.countDown();
	}

}
