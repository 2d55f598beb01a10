package io.github.managedworkers.autoconfigure.endpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;

import io.github.managedworkers.WorkerRegistry;

/**
 * The live threads of the JVM that the registry does not own: where leaks hide (a library's executor, a
 * {@code new Thread} somebody forgot), as Go operators watch {@code runtime.NumGoroutine()}. To a caller who may not
 * see stacks, the platform threads counted by state, from the JVM's thread ids: no names, no stacks, no dump. To one
 * who may, every unowned thread grouped by stack: platform threads from {@link Thread#getAllStackTraces()}, virtual
 * threads, which that cannot see, from the JDK's JSON thread dump on Java 21+, one dump at a time and read up to a
 * number of bytes. When the JDK cannot take its dump, the platform threads are listed alone and the answer says why.
 */
final class UnownedThreads {

	/** Names listed per group: enough to recognise a pool, not a page of them. */
	private static final int NAMES_PER_GROUP = 10;

	/** Distinct stacks listed: the threads of further ones are counted in {@code omitted}. */
	private static final int MAX_GROUPS = 1000;

	private static final Logger logger = LoggerFactory.getLogger(WorkersEndpoint.class);

	private final WorkerRegistry registry;

	private final @Nullable VirtualThreadDump dump;

	private final Semaphore dumping;

	UnownedThreads(WorkerRegistry registry) {
		this(registry, new Semaphore(1));
	}

	UnownedThreads(WorkerRegistry registry, Semaphore dumping) {
		this.registry = registry;
		this.dumping = dumping;
		this.dump = ClassUtils.isPresent("tools.jackson.core.json.JsonFactory", UnownedThreads.class.getClassLoader())
				? VirtualThreadDump.find() : null;
	}

	/**
	 * The unowned threads, as whoever asked may see them.
	 * @param showStacks whether the caller may see stacks (and so names and the virtual threads)
	 * @param maxFrames the most frames per stack
	 * @param maxDumpBytes the most bytes of the JDK's thread dump read
	 * @param beans the plain {@code ExecutorService} bean each known pool thread belongs to, by thread id: its threads
	 * are grouped and named by their bean
	 * @return the unowned threads
	 * @throws DumpInProgressException if another request is taking the dump
	 */
	UnownedThreadsDescriptor describe(boolean showStacks, int maxFrames, long maxDumpBytes, Map<Long, String> beans) {
		if (!showStacks) {
			return countByState();
		}
		if (!this.dumping.tryAcquire()) {
			throw new DumpInProgressException();
		}
		try {
			return listByStack(maxFrames, maxDumpBytes, beans);
		}
		finally {
			this.dumping.release();
		}
	}

	private UnownedThreadsDescriptor countByState() {
		// Asks each platform thread, not the set of every task's thread: the cost follows the JVM's platform threads
		// and the registry's workers, whatever number of tasks is live. A task that starts meanwhile may be counted.
		Predicate<Thread> owned = this.registry.threadOwnership();
		Map<String, Integer> states = new TreeMap<>();
		int total = 0;
		for (Thread thread : platformThreads()) {
			if (thread.isAlive() && !owned.test(thread)) {
				total++;
				states.merge(thread.getState().name(), 1, Integer::sum);
			}
		}
		return new UnownedThreadsDescriptor(total, total, 0, false, false, List.of(), states, 0, false,
				"Platform threads counted by state only: their names, stacks and the virtual threads are shown to "
						+ "callers who may see stacks (management.endpoint.workers.show-stacks)");
	}

	/** The JVM's live platform threads (virtual ones are in no thread group), without their stacks. */
	private static List<Thread> platformThreads() {
		ThreadGroup root = Thread.currentThread().getThreadGroup();
		while (root.getParent() != null) {
			root = root.getParent();
		}
		Thread[] threads = new Thread[root.activeCount() + 16];
		int count = root.enumerate(threads, true);
		while (count == threads.length) {
			threads = new Thread[threads.length * 2];
			count = root.enumerate(threads, true);
		}
		return Arrays.asList(threads).subList(0, count);
	}

	private UnownedThreadsDescriptor listByStack(int maxFrames, long maxDumpBytes, Map<Long, String> beans) {
		// A thread the registry owned before or after the listing is its own: a task that started or ended in
		// between is not a stray.
		Set<Long> owned = new HashSet<>(this.registry.ownedThreadIds());
		Groups groups = new Groups(beans);
		Set<Long> platformIds = new HashSet<>();
		for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
			Thread thread = entry.getKey();
			platformIds.add(thread.getId());
			if (thread.isAlive() && !owned.contains(thread.getId())) {
				groups.add(thread.getId(), thread.getName(), thread.getState().name(), false,
						Arrays.stream(entry.getValue()).limit(maxFrames).map(StackTraceElement::toString).toList());
			}
		}
		boolean virtualListed = false;
		boolean whole = true;
		String note = null;
		if (this.dump != null) {
			try {
				whole = this.dump.read(owned, platformIds, maxFrames, maxDumpBytes,
						(id, name, state, stack) -> groups.add(id, name, state, true, stack));
				virtualListed = true;
				if (!whole) {
					note = "Only the first " + maxDumpBytes + " bytes of the JVM's thread dump were read "
							+ "(management.endpoint.workers.unowned-dump-limit): some virtual threads are not listed";
				}
			}
			catch (Exception ex) {
				// A thread name the JDK cannot write (a control character, say) fails the whole dump: the platform
				// threads are still worth an answer.
				logger.warn("Listing the unowned virtual threads failed; listing platform threads only", ex);
				groups.dropVirtual();
				String reason = ex.getMessage();
				note = "Virtual threads are not listed: " + EchoedValue.of((reason != null) ? reason : ex, 300);
			}
		}
		groups.dropOwned(this.registry.ownedThreadIds());
		return groups.describe(virtualListed, !whole, note);
	}

	/** Unowned threads grouped by stack as they are read, so that only one stack per group stays in memory. */
	private static final class Groups {

		private final Map<GroupKey, Group> byStack = new LinkedHashMap<>();

		private int omitted;

		private final Map<String, Integer> omittedStates = new TreeMap<>();

		private final Map<Long, String> beans;

		Groups(Map<Long, String> beans) {
			this.beans = beans;
		}

		void add(long id, String name, String state, boolean virtual, List<String> stack) {
			GroupKey key = new GroupKey(virtual, stack, this.beans.get(id));
			Group group = this.byStack.get(key);
			if (group == null) {
				if (this.byStack.size() >= MAX_GROUPS) {
					this.omitted++;
					this.omittedStates.merge(state, 1, Integer::sum);
					return;
				}
				group = new Group(state);
				this.byStack.put(key, group);
			}
			group.add(id, name);
		}

		void dropVirtual() {
			this.byStack.keySet().removeIf(GroupKey::virtual);
		}

		void dropOwned(Set<Long> owned) {
			this.byStack.values().forEach((group) -> group.drop(owned));
			this.byStack.values().removeIf((group) -> group.count == 0);
		}

		UnownedThreadsDescriptor describe(boolean virtualListed, boolean truncated, @Nullable String note) {
			List<UnownedThreadGroup> described = new ArrayList<>(this.byStack.size());
			Map<String, Integer> states = new TreeMap<>(this.omittedStates);
			int total = this.omitted;
			int virtual = 0;
			for (Map.Entry<GroupKey, Group> entry : this.byStack.entrySet()) {
				Group group = entry.getValue();
				GroupKey key = entry.getKey();
				total += group.count;
				virtual += key.virtual ? group.count : 0;
				states.merge(group.state, group.count, Integer::sum);
				described.add(new UnownedThreadGroup(group.count, key.virtual, group.state, group.names(), key.stack,
						key.bean));
			}
			described.sort(Comparator.comparingInt(UnownedThreadGroup::count).reversed());
			return new UnownedThreadsDescriptor(total, total - virtual, virtual, virtualListed, true, described, states,
					this.omitted, truncated, note);
		}

	}

	/** The threads of one stack: their ids (to drop those found owned), the first few names. */
	private static final class Group {

		private final String state;

		private long[] ids = new long[4];

		private final List<String> names = new ArrayList<>(NAMES_PER_GROUP);

		private final List<Long> namedIds = new ArrayList<>(NAMES_PER_GROUP);

		private int count;

		Group(String state) {
			this.state = state;
		}

		void add(long id, String name) {
			if (this.count == this.ids.length) {
				this.ids = Arrays.copyOf(this.ids, this.count * 2);
			}
			this.ids[this.count++] = id;
			if (this.names.size() < NAMES_PER_GROUP) {
				this.names.add(name);
				this.namedIds.add(id);
			}
		}

		void drop(Set<Long> owned) {
			int kept = 0;
			for (int i = 0; i < this.count; i++) {
				if (!owned.contains(this.ids[i])) {
					this.ids[kept++] = this.ids[i];
				}
			}
			this.count = kept;
			for (int i = this.namedIds.size() - 1; i >= 0; i--) {
				if (owned.contains(this.namedIds.get(i))) {
					this.namedIds.remove(i);
					this.names.remove(i);
				}
			}
		}

		List<String> names() {
			return List.copyOf(this.names);
		}

	}

	private record GroupKey(boolean virtual, List<String> stack, @Nullable String bean) {
	}

	/** Another request is taking the JVM's thread dump: one at a time. */
	static final class DumpInProgressException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		DumpInProgressException() {
			super("Another request is taking the JVM's thread dump for the unowned view; try again when it ends");
		}

	}

}
