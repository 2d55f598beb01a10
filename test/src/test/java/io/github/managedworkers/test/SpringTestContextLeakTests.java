package io.github.managedworkers.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static io.github.managedworkers.test.ThreadLeakExtensionTests.failureOf;
import static io.github.managedworkers.test.ThreadLeakExtensionTests.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs sample Spring Boot test classes with the extension: spring-test caches their contexts across classes, and
 * the checks must tell what a cached context owns from what a closed one left.
 */
class SpringTestContextLeakTests {

	/** Where the samples' beans leak threads; released after each test. */
	static DeliberateLeaks leaks;

	/** The contexts the web samples ran with. */
	static final List<ApplicationContext> webContexts = new CopyOnWriteArrayList<>();

	@BeforeEach
	void createLeaks() {
		leaks = new DeliberateLeaks();
		webContexts.clear();
	}

	@AfterEach
	void releaseLeaks() throws InterruptedException {
		leaks.releaseAll();
	}

	@Test
	void aSpringBootTestWithAWebServerPassesAndSoDoesTheNextClassThatReusesItsCachedContext() {
		assertThat(failureOf(run(WebSample.class), WebSample.class)).isNull();
		assertThat(failureOf(run(SameContextWebSample.class), SameContextWebSample.class)).isNull();
		assertThat(webContexts).hasSize(2).containsOnly(webContexts.get(0));
		assertThat(ThreadLeaks.find(LeakOption.maxWait(Duration.ZERO))).extracting(LiveThread::name)
			.as("the cached context's threads, one started while the second class used it")
			.contains("lazy-pool-1")
			.anyMatch((name) -> name.startsWith("http-nio-"));
	}

	@Test
	void aClassThatUsesNoContextIsCheckedStrictlyWhileAContextIsCached() {
		assertThat(failureOf(run(WebSample.class), WebSample.class)).isNull();
		assertThat(failureOf(run(PlainLeakingSample.class), PlainLeakingSample.class))
			.isInstanceOf(ThreadLeakError.class)
			.hasMessageContaining("\"leaked-by-plain-class\" #");
	}

	@Test
	void aThreadThatAClosedContextLeftFailsTheClassThatClosedIt() {
		assertThat(failureOf(run(WebSample.class), WebSample.class)).isNull();
		assertThat(failureOf(run(DirtiedContextSample.class), DirtiedContextSample.class))
			.isInstanceOfSatisfying(ThreadLeakError.class, (error) -> assertThat(error.leaks())
				.as("nothing of the cached web context")
				.extracting(LiveThread::name)
				.containsExactly("started-by-a-bean"))
			.hasMessageStartingWith("Found 1 leaked thread, still alive after waiting 100 ms:");
	}

	@Test
	void aWorkerTaskStillAliveWhenItsContextClosesIsReported() {
		assertThat(failureOf(run(WebSample.class), WebSample.class)).isNull();
		assertThat(failureOf(run(WorkerSample.class), WorkerSample.class))
			.isInstanceOfSatisfying(ThreadLeakError.class, (error) -> assertThat(error.leaks())
				.singleElement()
				.satisfies((leak) -> assertThat(leak.isWorkerTask()).isTrue()))
			.hasMessageStartingWith("Found 1 leaked thread, still alive after the Spring test context of "
					+ WorkerSample.class.getName() + " closed, and a wait of 100 ms:")
			.hasMessageContaining("\"jobs-7\" #")
			.hasMessageContaining("a task of managed worker 'jobs' that did not stop")
			.hasMessageContaining("io.github.managedworkers.internal.TaskRun.run(");
	}

	@Test
	void aThreadLeftToACachedContextIsReportedWhenThatContextCloses() {
		assertThat(failureOf(run(CachedContextLeakingSample.class), CachedContextLeakingSample.class))
			.as("the thread may be the cached context's: it is left to it")
			.isNull();
		assertThat(failureOf(run(ClosingSample.class), ClosingSample.class)).isInstanceOf(ThreadLeakError.class)
			.hasMessageStartingWith("Found 1 leaked thread, still alive after the Spring test context of "
					+ CachedContextLeakingSample.class.getName() + " closed, and a wait of 100 ms:")
			.hasMessageContaining("\"leaked-while-cached\" #");
	}

	static String get(int port, String path) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + path)
			.toURL()
			.openConnection();
		try (InputStream body = connection.getInputStream()) {
			return new String(body.readAllBytes(), StandardCharsets.UTF_8);
		}
		finally {
			connection.disconnect();
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RestController
	static class WebApp {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		/** Starts its threads when first used, and keeps them idle until the context closes (shuts it down). */
		@Bean
		ExecutorService lazyPool() {
			return Executors.newCachedThreadPool(new CustomizableThreadFactory("lazy-pool-"));
		}

	}

	@CheckThreadLeaks(maxWaitMillis = 100)
	@SpringBootTest(classes = WebApp.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	static class WebSample {

		@LocalServerPort
		int port;

		@Autowired
		ApplicationContext context;

		@Test
		void servesARequest() throws IOException {
			assertThat(get(this.port, "/hello")).isEqualTo("hello");
			webContexts.add(this.context);
		}

	}

	/** The same configuration as {@link WebSample}, so the same cached context. */
	static class SameContextWebSample extends WebSample {

		@Autowired
		ExecutorService lazyPool;

		@Test
		void startsAThreadOfTheContext() throws Exception {
			assertThat(this.lazyPool.submit(() -> 42).get(1, TimeUnit.MINUTES)).isEqualTo(42);
		}

	}

	@CheckThreadLeaks(maxWaitMillis = 100)
	static class PlainLeakingSample {

		@Test
		void leaksAThread() {
			leaks.platformThread("leaked-by-plain-class");
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	static class StrayThreadApp {

		@Bean
		Thread strayThread() {
			return leaks.platformThread("started-by-a-bean"); // and never stopped
		}

	}

	@CheckThreadLeaks(maxWaitMillis = 100)
	@SpringBootTest(classes = StrayThreadApp.class)
	@DirtiesContext
	static class DirtiedContextSample {

		@Test
		void runs() {
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	static class WorkerApp {

		@Bean
		SmartLifecycle workers() {
			return new StopIgnoringWorkers(() -> leaks.workerTask("jobs-7"));
		}

	}

	@CheckThreadLeaks(maxWaitMillis = 100)
	@SpringBootTest(classes = WorkerApp.class)
	@DirtiesContext
	static class WorkerSample {

		@Test
		void runs() {
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	static class QuietApp {

	}

	@CheckThreadLeaks(maxWaitMillis = 100)
	@SpringBootTest(classes = QuietApp.class)
	static class CachedContextLeakingSample {

		@Test
		void leaksAThread() {
			leaks.platformThread("leaked-while-cached");
		}

	}

	@CheckThreadLeaks(maxWaitMillis = 100)
	@SpringBootTest(classes = QuietApp.class)
	@DirtiesContext
	static class ClosingSample {

		@Test
		void reusesTheCachedContextThenClosesIt() {
		}

	}

}
