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
import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.TaskGroup;
import io.github.managedworkers.WorkerContext;

/**
 * The {@code events-flusher} worker: every second it writes the buffered events to the {@code events} table, in
 * batches written by a task group of {@value #WRITERS} (Go's errgroup: the first failed write stops the others, and
 * every batch not written goes back to the buffer for the next round). On shutdown, once the web server has finished
 * its requests and the workers have drained, it flushes whatever is left, before the database closes.
 */
@Component
public class EventsFlusher {

	private static final Logger logger = LoggerFactory.getLogger(EventsFlusher.class);

	static final int BATCH = 500;

	static final int WRITERS = 2;

	private final EventBuffer buffer;

	private final JdbcTemplate jdbc;

	private final AtomicLong flushed = new AtomicLong();

	public EventsFlusher(EventBuffer buffer, JdbcTemplate jdbc) {
		this.buffer = buffer;
		this.jdbc = jdbc;
	}

	@ManagedWorker(name = "events-flusher", every = "1s")
	void flush(WorkerContext ctx) throws InterruptedException {
		try (TaskGroup<Integer> writers = ctx.group(WRITERS)) {
			List<String> batch;
			while (!writers.isStopping() && !(batch = this.buffer.take(BATCH)).isEmpty()) {
				List<String> taken = batch;
				writers.submit((task) -> write(taken)).exceptionally((failure) -> {
					if (failure instanceof RejectedTaskException) {
						this.buffer.putBack(taken); // never written: the group stopped before it started
					}
					return 0;
				});
			}
			writers.join(); // throws the first failed write; the worker logs it and counts it
		}
	}

	@PreDestroy
	void flushRemaining() {
		long count = 0;
		List<String> batch;
		while (!(batch = this.buffer.take(BATCH)).isEmpty()) {
			count += write(batch);
		}
		logger.info("Flushed {} remaining events after the drain ({} flushed in all)", count, this.flushed.get());
	}

	private int write(List<String> batch) {
		Timestamp now = Timestamp.from(Instant.now());
		try {
			this.jdbc.batchUpdate("INSERT INTO events (payload, accepted_at) VALUES (?, ?)", batch, batch.size(),
					(insert, payload) -> {
						insert.setString(1, payload);
						insert.setTimestamp(2, now);
					});
		}
		catch (RuntimeException ex) {
			this.buffer.putBack(batch); // written next time: an accepted event is never dropped
			throw ex;
		}
		this.flushed.addAndGet(batch.size());
		return batch.size();
	}

	public long flushed() {
		return this.flushed.get();
	}

	public long stored() {
		Long stored = this.jdbc.queryForObject("SELECT COUNT(*) FROM events", Long.class);
		return (stored != null) ? stored : 0;
	}

}
