package io.github.managedworkers.autoconfigure.endpoint;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.actuate.endpoint.SecurityContext;

/**
 * The audit trail of the endpoint's write operations: who asked what of which worker and how it ended, as an INFO
 * line and, when the application keeps an {@code AuditEventRepository}, as an {@link AuditApplicationEvent} of type
 * {@value #TYPE} (Spring Boot's audit listener stores it, and {@code /actuator/auditevents} lists it).
 */
final class WorkerActionAudit {

	/** The type of the audit events. */
	static final String TYPE = "WORKER_ACTION";

	/** The principal of the audit event of a request without one. */
	static final String ANONYMOUS = "anonymousUser";

	private static final int MAX_OUTCOME_LENGTH = 300;

	private static final Logger logger = LoggerFactory.getLogger(WorkersEndpoint.class);

	private final @Nullable Consumer<AuditApplicationEvent> publisher;

	/**
	 * Creates the audit trail.
	 * @param publisher where the audit events go, or {@code null} to log only
	 */
	WorkerActionAudit(@Nullable Consumer<AuditApplicationEvent> publisher) {
		this.publisher = publisher;
	}

	/**
	 * Records one request.
	 * @param security who asked
	 * @param worker the worker's name, as asked
	 * @param action the action, as asked
	 * @param outcome how it ended: {@code done: ...}, {@code refused: ...} or {@code no such worker}
	 */
	void record(SecurityContext security, String worker, @Nullable String action, String outcome) {
		Principal principal = security.getPrincipal();
		String who = (principal != null) ? EchoedValue.of(principal.getName()) : null;
		String workerName = EchoedValue.of(worker);
		String actionName = EchoedValue.of(action);
		String result = EchoedValue.of(outcome, MAX_OUTCOME_LENGTH);
		logger.info("Workers endpoint: {} asked '{}' of worker '{}': {}", (who != null) ? "'" + who + "'"
				: "an unauthenticated caller", actionName, workerName, result);
		if (this.publisher != null) {
			Map<String, @Nullable Object> data = new LinkedHashMap<>();
			data.put("worker", workerName);
			data.put("action", actionName);
			data.put("outcome", result);
			this.publisher.accept(new AuditApplicationEvent((who != null) ? who : ANONYMOUS, TYPE, data));
		}
	}

}
