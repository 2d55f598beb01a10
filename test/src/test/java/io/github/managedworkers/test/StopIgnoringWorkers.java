package io.github.managedworkers.test;

import org.springframework.context.SmartLifecycle;

/**
 * Like a worker registry in a Spring context whose drain cannot stop a task that ignores its stop signal: starts
 * the task with the context, and stops without it.
 */
final class StopIgnoringWorkers implements SmartLifecycle {

	private final Runnable startTask;

	private volatile boolean running;

	StopIgnoringWorkers(Runnable startTask) {
		this.startTask = startTask;
	}

	@Override
	public void start() {
		this.startTask.run();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
