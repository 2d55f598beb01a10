package io.github.managedworkers.sample.events;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.github.managedworkers.sample.BadRequestException;

/**
 * {@code POST /events} buffers an event; {@code GET /events/stats} counts them.
 */
@RestController
class EventsController {

	static final int MAX_LENGTH = 4000;

	private final EventBuffer buffer;

	private final EventsFlusher flusher;

	EventsController(EventBuffer buffer, EventsFlusher flusher) {
		this.buffer = buffer;
		this.flusher = flusher;
	}

	@PostMapping("/events")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, Long> accept(@RequestBody String payload) {
		if (payload.isBlank() || payload.length() > MAX_LENGTH) {
			throw new BadRequestException("The event must be 1 to " + MAX_LENGTH + " characters, not "
					+ payload.length());
		}
		return Map.of("accepted", this.buffer.add(payload));
	}

	@GetMapping("/events/stats")
	Map<String, Long> stats() {
		return Map.of("accepted", this.buffer.accepted(), "flushed", this.flusher.flushed(), "stored",
				this.flusher.stored());
	}

}
