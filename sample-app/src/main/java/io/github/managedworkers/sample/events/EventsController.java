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

	private final EventAudit audit;

	EventsController(EventBuffer buffer, EventsFlusher flusher, EventAudit audit) {
		this.buffer = buffer;
		this.flusher = flusher;
		this.audit = audit;
	}

	@PostMapping("/events")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, Long> accept(@RequestBody String payload) throws InterruptedException {
		if (payload.isBlank() || payload.length() > MAX_LENGTH) {
			throw new BadRequestException("The event must be 1 to " + MAX_LENGTH + " characters, not "
					+ payload.length());
		}
		long accepted = this.buffer.add(payload);
		this.audit.audit(payload);
		return Map.of("accepted", accepted);
	}

	@GetMapping("/events/stats")
	Map<String, Long> stats() {
		return Map.of("accepted", this.buffer.accepted(), "flushed", this.flusher.flushed(), "stored",
				this.flusher.stored());
	}

}
