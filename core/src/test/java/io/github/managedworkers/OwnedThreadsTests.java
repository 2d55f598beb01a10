package io.github.managedworkers;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OwnedThreadsTests extends ThreadModeContract {

	@Test
	void threadsRunningTasksAndBodiesAreOwnedAndOthersAreNot() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<Thread> bodyThread = new AtomicReference<>();
		this.registry.register(WorkerSpec.builder("loop").build(), (ctx) -> {
			bodyThread.set(Thread.currentThread());
			ctx.sleep(LONG);
		});
		WorkerHandle pool = pool("pool", 2, Duration.ZERO);
		this.registry.start();
		AtomicReference<Thread> taskThread = new AtomicReference<>();
		CompletableFuture<Boolean> task = pool.submit((ctx) -> {
			taskThread.set(Thread.currentThread());
			return release.await(1, TimeUnit.MINUTES);
		});
		await().atMost(LONG).until(() -> taskThread.get() != null && bodyThread.get() != null);

		assertThat(this.registry.ownsThread(taskThread.get())).isTrue();
		assertThat(this.registry.ownsThread(bodyThread.get())).isTrue();
		assertThat(this.registry.ownsThread(Thread.currentThread())).isFalse();
		assertThat(this.registry.ownedThreadIds()).contains(taskThread.get().getId(), bodyThread.get().getId());
		Predicate<Thread> ownership = this.registry.threadOwnership();
		assertThat(ownership).accepts(taskThread.get(), bodyThread.get()).rejects(Thread.currentThread());

		release.countDown();
		assertThat(task).succeedsWithin(LONG);
		if (this.threads == ThreadMode.PLATFORM) {
			// The pooled thread waits for its next task: idle, and still the registry's own.
			await().atMost(LONG).until(() -> taskThread.get().getName().endsWith("-idle"));
			assertThat(this.registry.ownsThread(taskThread.get())).isTrue();
			assertThat(this.registry.threadOwnership()).accepts(taskThread.get());
		}
		else {
			await().atMost(LONG).until(() -> !this.registry.ownsThread(taskThread.get())
					&& !this.registry.threadOwnership().test(taskThread.get()));
		}
	}

	@Test
	void aClosedRegistryOwnsNoThread() {
		WorkerHandle pool = pool("pool", 2, Duration.ZERO);
		assertThat(pool.submit((ctx) -> "done")).succeedsWithin(LONG);
		this.registry.close();
		await().atMost(LONG).until(() -> this.registry.ownedThreadIds().isEmpty());
	}

}
