package io.github.managedworkers.sample.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * Events accepted but not yet written: an in-memory buffer that the {@code events-flusher} empties.
 */
@Component
public class EventBuffer {

	private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

	private final AtomicLong accepted = new AtomicLong();

	public long add(String payload) {
		this.events.add(payload);
		return this.accepted.incrementAndGet();
	}

	/**
	 * Takes up to {@code max} events out of the buffer.
	 */
	List<String> take(int max) {
		List<String> batch = new ArrayList<>();
		String event;
		while (batch.size() < max && (event = this.events.poll()) != null) {
			batch.add(event);
		}
		return batch;
	}

	/**
	 * Puts back events that could not be written, so that the next flush retries them.
	 */
	void putBack(List<String> batch) {
		this.events.addAll(batch);
	}

	public long accepted() {
		return this.accepted.get();
	}

}
