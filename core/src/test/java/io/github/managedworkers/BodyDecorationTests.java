package io.github.managedworkers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BodyDecorationTests extends ThreadModeContract {

	private final List<String> decorated = new CopyOnWriteArrayList<>();

	@Override
	WorkerRegistry.Builder registryBuilder() {
		return super.registryBuilder().taskDecorator(new TaskDecorator() {
			@Override
			public <T> Task<T> decorate(Task<T> task) {
				String decoratedOn = Thread.currentThread().getName();
				return (ctx) -> {
					BodyDecorationTests.this.decorated.add(ctx.kind() + " #" + ctx.taskId() + " of "
							+ ctx.workerName() + " decorated on " + decoratedOn);
					return task.call(ctx);
				};
			}
		});
	}

	@Test
	void eachRunOfAPeriodicBodyIsDecoratedOnTheBodysThread() {
		List<Long> runIds = new CopyOnWriteArrayList<>();
		this.registry.register(WorkerSpec.builder("ticker").every(Duration.ofMillis(10)).build(),
				(ctx) -> runIds.add(ctx.taskId()));
		this.registry.start();
		await().atMost(LONG).until(() -> runIds.size() >= 3);
		assertThat(this.decorated).hasSizeGreaterThanOrEqualTo(3);
		for (int i = 0; i < 3; i++) {
			long id = runIds.get(i);
			assertThat(this.decorated.get(i)).isEqualTo("BODY #" + id + " of ticker decorated on ticker-" + id);
		}
	}

	@Test
	void aSubmittedTaskIsDecoratedOnTheSubmittingThreadAndKnowsItsIdAndKind() {
		WorkerHandle pool = pool("pool", 1, Duration.ZERO);
		assertThat(pool.submit((ctx) -> ctx.kind() + " #" + ctx.taskId())).succeedsWithin(LONG)
			.satisfies((value) -> assertThat(this.decorated)
				.containsExactly(value + " of pool decorated on " + Thread.currentThread().getName()));
	}

}
