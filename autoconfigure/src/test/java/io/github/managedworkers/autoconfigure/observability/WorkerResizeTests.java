package io.github.managedworkers.autoconfigure.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=workers,prometheus",
				"management.endpoint.workers.access=unrestricted" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class WorkerResizeTests {

	private static final Duration LONG = ObservedApplication.LONG;

	private static final String ALLOWED = "allowed is an integer from 1 to 10000 "
			+ "(management.endpoint.workers.max-concurrency-limit)";

	@LocalServerPort
	int port;

	@Autowired
	WorkerRegistry registry;

	private Http http;

	private WorkerHandle pool;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.pool = this.registry.register(WorkerSpec.builder("resizable").maxConcurrency(4).maxWait(LONG).build());
		this.pool.start();
	}

	@AfterEach
	void tearDown() {
		this.registry.remove("resizable");
	}

	@Test
	void aResizeChangesTheLimitAtOnceInTheEndpointAndTheGaugeAndIsLoggedWithWhoAsked(CapturedOutput output)
			throws Exception {
		JsonNode resized = this.http.as("carol:ops")
			.post("/actuator/workers/resizable", "{\"action\":\"resize\",\"maxConcurrency\":7}")
			.json();
		assertThat(resized.get("action").asString()).isEqualTo("resize");
		assertThat(resized.get("previousMaxConcurrency").asInt()).isEqualTo(4);
		assertThat(resized.get("maxConcurrency").asInt()).isEqualTo(7);
		assertThat(this.http.get("/actuator/workers/resizable").json().get("maxConcurrency").asInt()).isEqualTo(7);
		assertThat(this.http.get("/actuator/prometheus").body())
			.contains("workers_bulkhead_limit{worker=\"resizable\"} 7.0")
			.contains("workers_bulkhead_available{worker=\"resizable\"} 7.0");
		assertThat(output).contains(
				"Workers endpoint: 'carol' asked 'resize' of worker 'resizable': done: maxConcurrency 4 -> 7");

		this.http.post("/actuator/workers/resizable", "{\"action\":\"resize\",\"maxConcurrency\":\"2\"}");
		assertThat(output).contains("Workers endpoint: an unauthenticated caller asked 'resize' of worker 'resizable': "
				+ "done: maxConcurrency 7 -> 2");
	}

	@Test
	void aBadLimitIsA400NamingTheValueAndChangesNothing() throws Exception {
		assertBadRequest("{\"action\":\"resize\",\"maxConcurrency\":0}",
				"Invalid maxConcurrency 0: " + ALLOWED);
		assertBadRequest("{\"action\":\"resize\",\"maxConcurrency\":-3}",
				"Invalid maxConcurrency -3: " + ALLOWED);
		assertBadRequest("{\"action\":\"resize\",\"maxConcurrency\":\"lots\"}",
				"Invalid maxConcurrency 'lots': " + ALLOWED);
		assertBadRequest("{\"action\":\"resize\",\"maxConcurrency\":2.5}",
				"Invalid maxConcurrency '2.5': " + ALLOWED);
		assertBadRequest("{\"action\":\"resize\"}", "Missing maxConcurrency: resize needs "
				+ "{\"action\": \"resize\", \"maxConcurrency\": n}, where " + ALLOWED);
		assertThat(this.pool.snapshot().maxConcurrency()).isEqualTo(4);
		assertThat(this.http.post("/actuator/workers/nope", "{\"action\":\"resize\",\"maxConcurrency\":3}").status())
			.isEqualTo(404);
	}

	@Test
	void aLimitAboveTheCeilingIsA400AndChangesNothing() throws Exception {
		assertBadRequest("{\"action\":\"resize\",\"maxConcurrency\":10001}",
				"Invalid maxConcurrency 10001: " + ALLOWED);
		assertBadRequest("{\"action\":\"resize\",\"maxConcurrency\":2147483647}",
				"Invalid maxConcurrency 2147483647: " + ALLOWED);
		assertBadRequest("{\"action\":\"resize\",\"maxConcurrency\":99999999999999999999}",
				"Invalid maxConcurrency '99999999999999999999': " + ALLOWED);
		assertThat(this.pool.snapshot().maxConcurrency()).isEqualTo(4);
		assertThat(this.http.post("/actuator/workers/resizable", "{\"action\":\"resize\",\"maxConcurrency\":10000}")
			.json()
			.get("maxConcurrency")
			.asInt()).isEqualTo(10000);
	}

	@Test
	void resizingUpAndDownUnderLoadNeverRunsMoreThanTheLimitInForceAndLosesNoTask() throws Exception {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger allowed = new AtomicInteger(4);
		AtomicInteger overLimit = new AtomicInteger();
		AtomicInteger peak = new AtomicInteger();
		LongAdder ran = new LongAdder();
		AtomicBoolean submitting = new AtomicBoolean(true);
		ExecutorService submitters = Executors.newFixedThreadPool(12);
		List<Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
		try {
			for (int i = 0; i < 12; i++) {
				submitted.add(submitters.submit(() -> {
					List<CompletableFuture<Void>> futures = new ArrayList<>();
					while (submitting.get()) {
						futures.add(this.pool.submit((ctx) -> {
							int now = running.incrementAndGet();
							if (now > allowed.get()) {
								overLimit.incrementAndGet();
							}
							peak.accumulateAndGet(now, Math::max);
							LockSupport.parkNanos(200_000); // the task's work
							running.decrementAndGet();
							ran.increment();
							return null;
						}));
					}
					return futures;
				}));
			}
			for (int limit : new int[] { 10, 2, 6, 1, 8, 3 }) {
				allowed.set(Math.max(allowed.get(), limit));
				peak.set(0);
				Http.Response response = this.http.post("/actuator/workers/resizable",
						"{\"action\":\"resize\",\"maxConcurrency\":" + limit + "}");
				assertThat(response.status()).isEqualTo(200);
				// Tasks admitted under a larger limit finish; then the new limit is all that may run.
				await().atMost(LONG).until(() -> this.pool.activeTasks() <= limit);
				allowed.set(limit);
				peak.set(0);
				await().atMost(LONG).until(() -> peak.get() == limit); // the load fills the new limit
			}
		}
		finally {
			submitting.set(false);
			submitters.shutdown();
			assertThat(submitters.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
		}
		long futures = 0;
		for (Future<List<CompletableFuture<Void>>> submitter : submitted) {
			for (CompletableFuture<Void> future : submitter.get()) {
				assertThat(future).succeedsWithin(LONG);
				futures++;
			}
		}
		assertThat(overLimit.get()).isZero();
		assertThat(ran.sum()).isEqualTo(futures);
		assertThat(this.pool.snapshot().rejected()).isZero();
	}

	private void assertBadRequest(String body, String error) throws Exception {
		Http.Response response = this.http.post("/actuator/workers/resizable", body);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("error").asString()).isEqualTo(error);
	}

}
