package io.github.managedworkers.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.WorkerContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker-only service (no web server) refuses traffic before its workers drain, so that a load balancer or a
 * consumer group lets it go first.
 */
class ReadinessOnDrainTests {

	@Test
	void aServiceWithoutAWebServerRefusesTrafficBeforeItsWorkersHearTheStop() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WorkerOnlyService.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.run();
		WorkerOnlyService service = context.getBean(WorkerOnlyService.class);
		assertThat(service.consuming.await(1, TimeUnit.MINUTES)).isTrue();
		context.close();
		assertThat(service.events).containsSubsequence("readiness ACCEPTING_TRAFFIC", "readiness REFUSING_TRAFFIC",
				"consumer heard the stop");
	}

	@Test
	void aServiceWithoutAWebServerStaysUpUntilItIsClosed() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WorkerOnlyService.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.run();
		try {
			// Worker threads are daemons: without a non-daemon thread the JVM would exit when main returns.
			assertThat(context.getEnvironment().getProperty("spring.main.keep-alive", Boolean.class)).isTrue();
			assertThat(Thread.getAllStackTraces().keySet()).anyMatch((thread) -> thread.isAlive() && !thread.isDaemon()
					&& thread != Thread.currentThread() && !thread.getName().equals("main"));
		}
		finally {
			context.close();
		}
	}

	@Test
	void anApplicationThatSetsKeepAliveKeepsItsChoice() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WorkerOnlyService.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "spring.main.keep-alive=false")
			.run();
		try {
			assertThat(context.getEnvironment().getProperty("spring.main.keep-alive", Boolean.class)).isFalse();
		}
		finally {
			context.close();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WorkerOnlyService {

		final List<String> events = new CopyOnWriteArrayList<>();

		final CountDownLatch consuming = new CountDownLatch(1);

		@EventListener
		void readiness(AvailabilityChangeEvent<ReadinessState> event) {
			this.events.add("readiness " + event.getState());
		}

		@ManagedWorker(name = "consumer")
		void consume(WorkerContext ctx) {
			this.consuming.countDown();
			while (!ctx.isStopping()) {
				ctx.sleep(Duration.ofMinutes(1));
			}
			this.events.add("consumer heard the stop");
		}

	}

}
