package io.github.managedworkers.sample.notifications;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The executor of outgoing notifications, defined as Spring's guides teach: two threads, a queue, a thread-name
 * prefix. The starter makes it the worker {@code notificationExecutor}: its tasks are listed with their stacks, and
 * SIGTERM drains it with the other workers, after the web server's graceful shutdown.
 */
@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

	/**
	 * Not a default candidate: it serves the notifier only, and leaves Boot's executor (the {@code async} worker) to
	 * {@code @Async} methods.
	 * @return the executor
	 */
	@Bean(defaultCandidate = false)
	ThreadPoolTaskExecutor notificationExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(2);
		executor.setMaxPoolSize(2);
		executor.setQueueCapacity(500);
		executor.setThreadNamePrefix("notify-");
		return executor;
	}

}
