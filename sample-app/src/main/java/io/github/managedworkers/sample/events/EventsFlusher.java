package io.github.managedworkers.sample.events;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.github.managedworkers.ManagedWorker;

/**
 * The {@code events-flusher} worker: every second it writes the buffered events to the {@code events} table in
 * batches. On shutdown, once the web server has finished its requests and the workers have drained, it flushes
 * whatever is left, before the database closes.
 */
@Component
public class EventsFlusher {

	private static final Logger logger = LoggerFactory.getLogger(EventsFlusher.class);

	static final int BATCH = 500;

	private final EventBuffer buffer;

	private final JdbcTemplate jdbc;

	private final AtomicLong flushed = new AtomicLong();

	public EventsFlusher(EventBuffer buffer, JdbcTemplate jdbc) {
		this.buffer = buffer;
		this.jdbc = jdbc;
	}

	@ManagedWorker(name = "events-flusher", every = "1s")
	void flush() {
		flushAll();
	}

	@PreDestroy
	void flushRemaining() {
		long count = flushAll();
		logger.info("Flushed {} remaining events after the drain ({} flushed in all)", count, this.flushed.get());
	}

	private synchronized long flushAll() {
		long count = 0;
		List<String> batch;
		while (!(batch = this.buffer.take(BATCH)).isEmpty()) {
			try {
				write(batch);
			}
			catch (RuntimeException ex) {
				this.buffer.putBack(batch); // written next time: an accepted event is never dropped
				throw ex;
			}
			count += batch.size();
			this.flushed.addAndGet(batch.size());
		}
		return count;
	}

	private void write(List<String> batch) {
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.batchUpdate("INSERT INTO events (payload, accepted_at) VALUES (?, ?)", batch, batch.size(),
				(insert, payload) -> {
					insert.setString(1, payload);
					insert.setTimestamp(2, now);
				});
	}

	public long flushed() {
		return this.flushed.get();
	}

	public long stored() {
		Long stored = this.jdbc.queryForObject("SELECT COUNT(*) FROM events", Long.class);
		return (stored != null) ? stored : 0;
	}

}
