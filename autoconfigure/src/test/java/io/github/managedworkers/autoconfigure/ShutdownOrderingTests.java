package io.github.managedworkers.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real embedded web server and a real shutdown: a request in flight when the application is told to stop can
 * still hand a task to a worker, and that task completes in the drain.
 */
class ShutdownOrderingTests {

	private static final Duration LONG = Duration.ofMinutes(1);

	/** Runs the test's own concurrent steps: the client request and the closing of the application. */
	private final WorkerRegistry testSide = WorkerRegistry.builder().build();

	@AfterEach
	void closeTestSide() {
		this.testSide.close();
	}

	@Test
	void aRequestInFlightDuringShutdownHandsATaskToAWorkerThatCompletesInTheDrain() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(HandoffApplication.class)
			.properties("server.port=0", "server.shutdown=graceful", "spring.main.banner-mode=off")
			.run();
		HandoffApplication app = context.getBean(HandoffApplication.class);
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		WorkerHandle steps = this.testSide.register(WorkerSpec.builder("test-steps").build());
		this.testSide.start();

		CompletableFuture<String> response = steps.submit((ctx) -> post("http://localhost:" + port + "/handoff"));
		assertThat(app.arrived.await(1, TimeUnit.MINUTES)).isTrue();
		CompletableFuture<Object> closing = steps.submit((ctx) -> {
			context.close();
			return null;
		});
		assertThat(app.closing.await(1, TimeUnit.MINUTES)).isTrue(); // shutdown has begun, the request is still in flight
		app.proceed.countDown();

		assertThat(response.get(1, TimeUnit.MINUTES)).isEqualTo("accepted");
		closing.get(1, TimeUnit.MINUTES);
		assertThat(app.completed).containsExactly("sent after the drain began");
	}

	private static String post(String url) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
		connection.setRequestMethod("POST");
		connection.setReadTimeout((int) LONG.toMillis());
		try (InputStream body = connection.getInputStream()) {
			return new String(body.readAllBytes(), StandardCharsets.UTF_8);
		}
		finally {
			connection.disconnect();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class HandoffApplication implements ApplicationListener<ContextClosedEvent> {

		final CountDownLatch arrived = new CountDownLatch(1);

		final CountDownLatch closing = new CountDownLatch(1);

		final CountDownLatch proceed = new CountDownLatch(1);

		final List<String> completed = new CopyOnWriteArrayList<>();

		private final WorkerRegistry registry;

		HandoffApplication(WorkerRegistry registry) {
			this.registry = registry;
		}

		@Override
		public void onApplicationEvent(ContextClosedEvent event) {
			this.closing.countDown();
		}

		@PostMapping("/handoff")
		String handoff() throws InterruptedException {
			this.arrived.countDown();
			assertThat(this.proceed.await(1, TimeUnit.MINUTES)).isTrue();
			CompletableFuture<Object> sent = this.registry.get("mailer").submit((ctx) -> {
				while (!ctx.isStopping()) { // still working when the drain begins
					ctx.sleep(LONG);
				}
				this.completed.add("sent after the drain began");
				return null;
			});
			return sent.isCompletedExceptionally() ? "rejected" : "accepted";
		}

		@Bean
		Mailer mailer() {
			return new Mailer();
		}

	}

	static class Mailer {

		@ManagedWorker(name = "mailer")
		void run(WorkerContext ctx) {
			while (!ctx.isStopping()) {
				ctx.sleep(LONG);
			}
		}

	}

}
