package io.github.managedworkers.autoconfigure.endpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.github.managedworkers.DrainReport;
import io.github.managedworkers.RunRecord;
import io.github.managedworkers.LeaseStatus;
import io.github.managedworkers.TaskSnapshot;
import io.github.managedworkers.WorkerFailure;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSnapshot;
import io.github.managedworkers.autoconfigure.WorkerSources;

/**
 * The {@code workers} endpoint: every worker with its counters, one worker with its live tasks (who they are, how
 * long they have run, where they are stuck: virtual threads included, which {@code /actuator/threaddump} cannot
 * show), tasks grouped by stack like Go's {@code pprof/goroutine?debug=1}, and the actions of an operator. Read-only
 * unless {@code management.endpoint.workers.access=unrestricted}: an exposed endpoint does not let its readers stop
 * workers. Every answer is bounded by the properties, whatever the request asks, and every action is audited.
 */
@Endpoint(id = "workers", defaultAccess = Access.READ_ONLY)
public class WorkersEndpoint {

	private static final String GROUP_BY_STACK = "stack";

	private static final String VIEW_UNOWNED = "unowned";

	private static final String VIEW_TREE = "tree";

	private final WorkerRegistry registry;

	private final WorkersEndpointProperties properties;

	private final WorkerSources sources;

	private final WorkerActionAudit audit;

	private final UnownedThreads unowned;

	/**
	 * Creates the endpoint.
	 * @param registry the worker registry
	 * @param properties the endpoint's settings
	 */
	public WorkersEndpoint(WorkerRegistry registry, WorkersEndpointProperties properties) {
		this(registry, properties, new WorkerSources());
	}

	/**
	 * Creates the endpoint.
	 * @param registry the worker registry
	 * @param properties the endpoint's settings
	 * @param sources where each worker comes from
	 */
	public WorkersEndpoint(WorkerRegistry registry, WorkersEndpointProperties properties, WorkerSources sources) {
		this(registry, properties, sources, new WorkerActionAudit(null));
	}

	WorkersEndpoint(WorkerRegistry registry, WorkersEndpointProperties properties, WorkerSources sources,
			WorkerActionAudit audit) {
		this.registry = registry;
		this.properties = properties;
		this.sources = sources;
		this.audit = audit;
		this.unowned = new UnownedThreads(registry);
	}

	/**
	 * Every worker with its state and counters, as an unauthenticated caller sees them.
	 * @return the workers
	 */
	@ReadOperation
	public WorkersDescriptor workers() {
		return workers(SecurityContext.NONE);
	}

	/**
	 * Every worker with its state and counters: constant time per worker, whatever its number of tasks. (Not a read
	 * operation of its own, so that the list keeps its response cache; the web extension calls it.)
	 * @param security who asks, for the show-stacks policy of failure messages
	 * @return the workers
	 */
	public WorkersDescriptor workers(SecurityContext security) {
		boolean showDetails = showStacks(security);
		List<WorkerDescriptor> workers = new ArrayList<>();
		int active = 0;
		for (WorkerHandle worker : this.registry.workers()) {
			WorkerSnapshot snapshot = worker.snapshot();
			workers.add(WorkerDescriptor.of(snapshot, this.sources.sourceOf(snapshot.name()),
					worker.lease().orElse(null), showDetails));
			active += snapshot.activeTasks();
		}
		return new WorkersDescriptor(workers, active);
	}

	/**
	 * The live threads of the JVM that the registry does not own, grouped by stack: {@code ?view=unowned} over HTTP.
	 * (Not a read operation of its own, so that the list above keeps its response cache.)
	 * @param view {@code unowned}
	 * @param security who asks, for the show-stacks policy
	 * @return the unowned threads
	 * @throws InvalidEndpointRequestException if the view is not {@code unowned}
	 * @throws UnownedThreads.DumpInProgressException if another request is taking the JVM's thread dump
	 */
	public UnownedThreadsDescriptor unownedThreads(String view, SecurityContext security) {
		if (!VIEW_UNOWNED.equals(view)) {
			throw new InvalidEndpointRequestException("Invalid view '" + EchoedValue.of(view) + "': allowed is 'unowned'",
					"Invalid view parameter");
		}
		return this.unowned.describe(showStacks(security), this.properties.getMaxFrames(),
				this.properties.getUnownedDumpLimit().toBytes(), this.sources.executorServiceThreads());
	}

	/**
	 * One worker with its live tasks, oldest first, grouped by identical stack, or as a tree of task groups; at most
	 * {@code task-limit} tasks, the oldest, whatever the request asks.
	 * @param name the worker's name
	 * @param group {@code stack} to group tasks by stack, or {@code null} to list them
	 * @param limit the most tasks to list or group, or {@code null} for the configured limit (never more)
	 * @param view {@code tree} to nest tasks under their groups and groups under the tasks that opened them, or
	 * {@code null} for the flat list
	 * @param security who asks, for the show-stacks policy
	 * @return the worker, or {@code null} if there is none by that name
	 */
	@ReadOperation
	public @Nullable OperationResponseBody worker(@Selector String name, @Nullable String group,
			@Nullable Integer limit, @Nullable String view, SecurityContext security) {
		if (view != null && !VIEW_TREE.equals(view)) {
			throw new InvalidEndpointRequestException("Invalid view '" + EchoedValue.of(view) + "': allowed is 'tree'",
					"Invalid view parameter");
		}
		if (group != null && !GROUP_BY_STACK.equals(group)) {
			throw new InvalidEndpointRequestException(
					"Invalid group '" + EchoedValue.of(group) + "': allowed is 'stack'", "Invalid group parameter");
		}
		if (limit != null && limit < 0) {
			throw new InvalidEndpointRequestException("Invalid limit " + limit + ": allowed is 0 or more",
					"Invalid limit parameter");
		}
		WorkerHandle worker = this.registry.find(name).orElse(null);
		if (worker == null) {
			return null;
		}
		boolean showStacks = showStacks(security);
		int maxFrames = showStacks ? this.properties.getMaxFrames() : 0;
		int listed = Math.min((limit != null) ? limit : Integer.MAX_VALUE, this.properties.getTaskLimit());
		if (view != null) {
			return TaskTree.of(worker, listed, maxFrames, showStacks);
		}
		WorkerSnapshot snapshot = worker.snapshot();
		List<TaskSnapshot> tasks = worker.tasks(listed, maxFrames);
		int omitted = Math.max(0, snapshot.activeTasks() - tasks.size());
		if (group != null) {
			return new WorkerDetailsDescriptor(snapshot, worker, this.sources.sourceOf(name), showStacks, List.of(),
					groupByStack(tasks), omitted);
		}
		return new WorkerDetailsDescriptor(snapshot, worker, this.sources.sourceOf(name), showStacks,
				tasks.stream().map(TaskDescriptor::of).toList(), null, omitted);
	}

	/**
	 * Stops, starts, restarts, pauses, resumes, triggers or resizes a worker.
	 * @param name the worker's name
	 * @param action {@code stop}, {@code start}, {@code restart}, {@code pause}, {@code resume}, {@code trigger} or
	 * {@code resize}
	 * @param maxConcurrency the new bulkhead limit of a {@code resize}, 1 or more; ignored by the other actions
	 * @param security who asks, for the show-stacks policy of the abandoned tasks' stacks and the audit trail
	 * @return the worker's state afterwards, with the drain report of a stop or the limits of a resize, or
	 * {@code null} if there is no worker by that name
	 */
	@WriteOperation
	public @Nullable OperationResponseBody action(@Selector String name, String action,
			@Nullable String maxConcurrency, SecurityContext security) {
		try {
			OperationResponseBody result = act(name, action, maxConcurrency, security);
			this.audit.record(security, name, action, (result != null) ? "done: " + outcome(result) : "no such worker");
			return result;
		}
		catch (InvalidEndpointRequestException ex) {
			this.audit.record(security, name, action, "refused: " + ex.getMessage());
			throw ex;
		}
		catch (RuntimeException ex) {
			this.audit.record(security, name, action, "failed: " + ex);
			throw ex;
		}
	}

	private static String outcome(OperationResponseBody result) {
		if (result instanceof ResizeDescriptor resize) {
			return "maxConcurrency " + resize.previousMaxConcurrency() + " -> " + resize.maxConcurrency();
		}
		ActionDescriptor done = (ActionDescriptor) result;
		DrainDescriptor drain = done.drain();
		return "state " + done.state() + ((drain != null) ? ", " + drain.summary() : "");
	}

	private @Nullable OperationResponseBody act(String name, String action, @Nullable String maxConcurrency,
			SecurityContext security) {
		Action requested = Action.of(action);
		int newLimit = (requested == Action.RESIZE)
				? WorkerResize.parseLimit(maxConcurrency, this.properties.getMaxConcurrencyLimit()) : 0;
		WorkerHandle worker = this.registry.find(name).orElse(null);
		if (worker == null) {
			return null;
		}
		if (requested == Action.RESIZE) {
			return WorkerResize.apply(worker, newLimit);
		}
		if (requested.scheduleControl()) {
			try {
				switch (requested) {
					case PAUSE -> worker.pause();
					case RESUME -> worker.resume();
					default -> worker.trigger();
				}
			}
			catch (IllegalStateException ex) {
				throw new InvalidEndpointRequestException("Cannot " + requested.name().toLowerCase(Locale.ROOT)
						+ " worker '" + name + "': " + ex.getMessage(), "Invalid action for this worker");
			}
			return new ActionDescriptor(worker.name(), requested.name().toLowerCase(Locale.ROOT),
					worker.state().name(), null);
		}
		DrainReport drain = null;
		try {
			if (requested != Action.START) {
				drain = worker.stop();
			}
			if (requested != Action.STOP) {
				worker.start();
			}
		}
		catch (IllegalStateException ex) {
			// The worker of an application's executor stops only with the application.
			throw new InvalidEndpointRequestException("Cannot " + requested.name().toLowerCase(Locale.ROOT)
					+ " worker '" + name + "': " + ex.getMessage(), "Invalid action for this worker");
		}
		return new ActionDescriptor(worker.name(), requested.name().toLowerCase(Locale.ROOT), worker.state().name(),
				(drain != null) ? DrainDescriptor.of(drain, showStacks(security)) : null);
	}

	private boolean showStacks(SecurityContext security) {
		return this.properties.getShowStacks().isShown(security, this.properties.getRoles());
	}

	/**
	 * The names of the registered workers, for a 404's body.
	 * @return the names, sorted
	 */
	List<String> workerNames() {
		return this.registry.workers().stream().map(WorkerHandle::name).sorted().toList();
	}

	private static List<StackGroupDescriptor> groupByStack(List<TaskSnapshot> tasks) {
		// Tasks come oldest first, so the first task of a group is its oldest.
		Map<List<String>, List<TaskSnapshot>> byStack = new LinkedHashMap<>();
		for (TaskSnapshot task : tasks) {
			byStack.computeIfAbsent(frames(task), (stack) -> new ArrayList<>()).add(task);
		}
		List<StackGroupDescriptor> groups = new ArrayList<>(byStack.size());
		byStack.forEach((stack, group) -> {
			TaskSnapshot oldest = group.get(0);
			groups.add(new StackGroupDescriptor(group.size(), oldest.id(), oldest.state().name(), stack));
		});
		groups.sort(Comparator.comparingInt(StackGroupDescriptor::count).reversed());
		return groups;
	}

	private static List<String> frames(TaskSnapshot task) {
		return task.stack().stream().map(StackTraceElement::toString).toList();
	}

	/** What a write operation may ask. */
	private enum Action {

		STOP, START, RESTART, PAUSE, RESUME, TRIGGER, RESIZE;

		boolean scheduleControl() {
			return this == PAUSE || this == RESUME || this == TRIGGER;
		}

		static Action of(String action) {
			for (Action candidate : values()) {
				if (candidate.name().equalsIgnoreCase(action)) {
					return candidate;
				}
			}
			throw new InvalidEndpointRequestException(
					"Invalid action '" + EchoedValue.of(action)
							+ "': allowed is 'stop', 'start', 'restart', 'pause', 'resume', 'trigger' or 'resize'",
					"Invalid action");
		}

	}

	/**
	 * Every worker, and their live tasks in all.
	 *
	 * @param workers the workers
	 * @param activeTasks the live tasks of all workers
	 */
	public record WorkersDescriptor(List<WorkerDescriptor> workers, int activeTasks) implements OperationResponseBody {
	}

	/**
	 * A worker's state and counters.
	 *
	 * @param name its name
	 * @param state its state
	 * @param activeTasks its live tasks, body included
	 * @param maxConcurrency its bulkhead's size
	 * @param availablePermits free permits
	 * @param started tasks started
	 * @param completed tasks that returned
	 * @param failed tasks that threw
	 * @param interrupted tasks a drain interrupted
	 * @param rejected submits refused
	 * @param restarts restarts of its body
	 * @param lastFailure its last failure, or {@code null}
	 * @param schedule when its body runs ({@code "every 1s"}, {@code "cron 0 * * * * * UTC"}), or {@code null}
	 * @param lastRun its last finished body run, or {@code null}
	 * @param nextRun when its next body run is due, or {@code null}
	 * @param source where it comes from: {@code managed}, {@code scheduled}, {@code async} or {@code executor}
	 * @param exclusive the lease of an exclusive worker, or {@code null} for another worker
	 * @param queued accepted tasks waiting in its queue for a permit (an executor's: in its own queue)
	 */
	public record WorkerDescriptor(String name, String state, int activeTasks, int maxConcurrency,
			int availablePermits, long started, long completed, long failed, long interrupted, long rejected,
			long restarts, @Nullable FailureDescriptor lastFailure, @Nullable String schedule,
			@Nullable RunDescriptor lastRun, @Nullable String nextRun, String source,
			@Nullable ExclusiveDescriptor exclusive, int queued) {

		static WorkerDescriptor of(WorkerSnapshot snapshot, String source, @Nullable LeaseStatus lease,
				boolean showDetails) {
			Instant nextRun = snapshot.nextRun();
			return new WorkerDescriptor(snapshot.name(), snapshot.state().name(), snapshot.activeTasks(),
					snapshot.maxConcurrency(), snapshot.availablePermits(), snapshot.started(), snapshot.completed(),
					snapshot.failed(), snapshot.interrupted(), snapshot.rejected(), snapshot.restarts(),
					FailureDescriptor.of(snapshot.lastFailure(), showDetails), snapshot.schedule(),
					RunDescriptor.of(snapshot.lastRun()), (nextRun != null) ? nextRun.toString() : null, source,
					ExclusiveDescriptor.of(lease), snapshot.queued());
		}

	}

	/**
	 * The last finished run of a worker's body.
	 *
	 * @param startedAt when it started
	 * @param endedAt when it ended
	 * @param outcome how it ended: {@code completed}, {@code failed}, {@code interrupted}
	 */
	public record RunDescriptor(String startedAt, String endedAt, String outcome) {

		static @Nullable RunDescriptor of(@Nullable RunRecord run) {
			return (run != null) ? new RunDescriptor(run.startedAt().toString(), run.endedAt().toString(),
					run.outcome().name().toLowerCase(Locale.ROOT)) : null;
		}

	}

	/**
	 * The lease of an exclusive worker on this instance.
	 *
	 * @param role {@code leader} or {@code standby}
	 * @param instance this instance's id
	 * @param holder the instance that holds the lease, or {@code null} if unknown
	 * @param leaseExpiresAt when the lease expires unless renewed, while this instance leads
	 */
	public record ExclusiveDescriptor(String role, String instance, @Nullable String holder,
			@Nullable String leaseExpiresAt) {

		static @Nullable ExclusiveDescriptor of(@Nullable LeaseStatus lease) {
			if (lease == null) {
				return null;
			}
			return new ExclusiveDescriptor(lease.role().name().toLowerCase(java.util.Locale.ROOT),
					lease.instanceId(), lease.holder(),
					(lease.expiresAt() != null) ? lease.expiresAt().toString() : null);
		}

	}

	/**
	 * The last failure of a worker.
	 *
	 * @param type the exception's class
	 * @param message its message, or {@code null} when {@code show-stacks} hides it from whoever asked (a message may
	 * quote the data the task worked on)
	 * @param time when it happened
	 * @param taskId the task that failed
	 * @param kind {@code body} or {@code task}
	 */
	public record FailureDescriptor(String type, @Nullable String message, String time, long taskId, String kind) {

		static @Nullable FailureDescriptor of(@Nullable WorkerFailure failure, boolean showMessage) {
			return (failure != null) ? new FailureDescriptor(failure.type(), showMessage ? failure.message() : null,
					failure.time().toString(), failure.taskId(), failure.kind().name().toLowerCase(Locale.ROOT))
					: null;
		}

	}

	/**
	 * One worker with its counters and its live tasks, listed or grouped by stack.
	 */
	public static final class WorkerDetailsDescriptor implements OperationResponseBody {

		private final WorkerDescriptor worker;

		private final boolean stacksShown;

		private final List<TaskDescriptor> tasks;

		private final @Nullable List<StackGroupDescriptor> groups;

		private final int omitted;

		WorkerDetailsDescriptor(WorkerSnapshot snapshot, WorkerHandle handle, String source, boolean stacksShown,
				List<TaskDescriptor> tasks, @Nullable List<StackGroupDescriptor> groups, int omitted) {
			this.worker = WorkerDescriptor.of(snapshot, source, handle.lease().orElse(null), stacksShown);
			this.stacksShown = stacksShown;
			this.tasks = tasks;
			this.groups = groups;
			this.omitted = omitted;
		}

		public String getName() {
			return this.worker.name();
		}

		public String getState() {
			return this.worker.state();
		}

		public @Nullable ExclusiveDescriptor getExclusive() {
			return this.worker.exclusive();
		}

		public int getActiveTasks() {
			return this.worker.activeTasks();
		}

		public int getMaxConcurrency() {
			return this.worker.maxConcurrency();
		}

		public int getAvailablePermits() {
			return this.worker.availablePermits();
		}

		public int getQueued() {
			return this.worker.queued();
		}

		public long getStarted() {
			return this.worker.started();
		}

		public long getCompleted() {
			return this.worker.completed();
		}

		public long getFailed() {
			return this.worker.failed();
		}

		public long getInterrupted() {
			return this.worker.interrupted();
		}

		public long getRejected() {
			return this.worker.rejected();
		}

		public long getRestarts() {
			return this.worker.restarts();
		}

		public @Nullable FailureDescriptor getLastFailure() {
			return this.worker.lastFailure();
		}

		public @Nullable String getSchedule() {
			return this.worker.schedule();
		}

		public @Nullable RunDescriptor getLastRun() {
			return this.worker.lastRun();
		}

		public @Nullable String getNextRun() {
			return this.worker.nextRun();
		}

		public String getSource() {
			return this.worker.source();
		}

		/**
		 * Whether the stacks are shown to whoever asked, as {@code show-stacks} says.
		 * @return whether stacks are shown
		 */
		public boolean isStacksShown() {
			return this.stacksShown;
		}

		/**
		 * The live tasks, oldest first, up to the limit; empty when grouped.
		 * @return the tasks
		 */
		public List<TaskDescriptor> getTasks() {
			return this.tasks;
		}

		/**
		 * The live tasks grouped by identical stack, largest group first, when asked with {@code ?group=stack}.
		 * @return the groups, or {@code null}
		 */
		public @Nullable List<StackGroupDescriptor> getGroups() {
			return this.groups;
		}

		/**
		 * How many live tasks the limit left out of the list or the groups: those listed or grouped are the oldest.
		 * @return the live tasks left out
		 */
		public int getOmitted() {
			return this.omitted;
		}

	}

	/**
	 * A live task.
	 *
	 * @param id its id
	 * @param kind {@code body} or {@code task}
	 * @param thread the name of its thread
	 * @param virtual whether the thread is virtual
	 * @param startedAt when it was accepted
	 * @param runningFor how long it has run, in ISO-8601
	 * @param state its thread's state
	 * @param stack its frames, innermost first; empty when stacks are not shown
	 * @param name what it runs when known (an application scheduler's @Scheduled method: {@code Reports.send}), or {@code null}
	 */
	public record TaskDescriptor(long id, String kind, String thread, boolean virtual, String startedAt,
			String runningFor, String state, List<String> stack, @Nullable String name) {

		static TaskDescriptor of(TaskSnapshot task) {
			return new TaskDescriptor(task.id(), task.kind().name().toLowerCase(Locale.ROOT), task.thread(),
					task.virtual(), task.startedAt().toString(), task.runningFor().toString(), task.state().name(),
					frames(task), task.name());
		}

		TaskDescriptor withoutStack() {
			return new TaskDescriptor(this.id, this.kind, this.thread, this.virtual, this.startedAt, this.runningFor,
					this.state, List.of(), this.name);
		}

	}

	/**
	 * Live tasks parked at the same place.
	 *
	 * @param count how many tasks
	 * @param oldestTaskId the id of the oldest of them
	 * @param state the thread state of the oldest of them
	 * @param stack their common stack
	 */
	public record StackGroupDescriptor(int count, long oldestTaskId, String state, List<String> stack) {
	}

	/**
	 * The result of a write operation.
	 *
	 * @param name the worker
	 * @param action what was done
	 * @param state the worker's state afterwards
	 * @param drain the drain report of a stop or restart, or {@code null}
	 */
	public record ActionDescriptor(String name, String action, String state, @Nullable DrainDescriptor drain)
			implements OperationResponseBody {
	}

	/**
	 * What a drain did.
	 *
	 * @param elapsed how long it took, in ISO-8601
	 * @param finished tasks that finished in time
	 * @param interrupted tasks that ended after an interrupt
	 * @param notStarted tasks still queued at the deadline, which never started
	 * @param abandoned tasks still alive after the interrupt grace, with their stacks
	 * @param summary the line the drain logged
	 */
	public record DrainDescriptor(String elapsed, int finished, int interrupted, int notStarted,
			List<TaskDescriptor> abandoned, String summary) {

		static DrainDescriptor of(DrainReport report, boolean showStacks) {
			List<TaskDescriptor> abandoned = report.abandoned()
				.stream()
				.map(TaskDescriptor::of)
				.map((task) -> showStacks ? task : task.withoutStack())
				.toList();
			return new DrainDescriptor(report.elapsed().toString(), report.finished(), report.interrupted(),
					report.notStarted(), abandoned, report.summary());
		}

	}

}
