package io.github.managedworkers.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A job service built on managed-workers: jobs are stored in an embedded H2 database, run by the {@code job-runner}
 * worker through its bulkhead, and survive SIGTERM and SIGKILL; events are buffered in memory and flushed by the
 * {@code events-flusher} worker, the last of them after the drain. Each event is also audited by a plain
 * {@code @Async} method, and a plain {@code @Scheduled} method reports: the starter adopts both.
 */
@SpringBootApplication
@EnableScheduling
@EnableAsync
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
