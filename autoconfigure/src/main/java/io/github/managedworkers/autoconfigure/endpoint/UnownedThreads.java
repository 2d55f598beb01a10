package io.github.managedworkers.autoconfigure.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.managedworkers.WorkerRegistry;

/**
 * The live threads of the JVM that the registry does not own, grouped by stack: where leaks hide (a library's
 * executor, a {@code new Thread} somebody forgot), as Go operators watch {@code runtime.NumGoroutine()}. Platform
 * threads come from {@link Thread#getAllStackTraces()}; virtual threads, which that cannot see, from the JDK's JSON
 * thread dump on Java 21+ ({@code HotSpotDiagnosticMXBean.dumpThreads}), reached by reflection since the project is
 * compiled for Java 17.
 */
final class UnownedThreads {

	/** Names listed per group: enough to recognise a pool, not a page of them. */
	private static final int NAMES_PER_GROUP = 10;

	private static final @Nullable JsonThreadDump JSON_DUMP = JsonThreadDump.find();

	private UnownedThreads() {
	}

	static UnownedThreadsDescriptor describe(WorkerRegistry registry, boolean showStacks, int maxFrames) {
		return describe(registry, Map.of(), showStacks, maxFrames);
	}

	/**
	 * The unowned threads, those of plain {@code ExecutorService} beans grouped and named by their bean.
	 * @param beans the bean each known pool thread belongs to, by thread id
	 */
	static UnownedThreadsDescriptor describe(WorkerRegistry registry, Map<Long, String> beans, boolean showStacks,
			int maxFrames) {
		// A thread the registry owned before or after the listing is its own: a task that started or ended in
		// between is not a stray.
		Set<Long> owned = new HashSet<>(registry.ownedThreadIds());
		List<Unowned> threads = new ArrayList<>();
		Set<Long> platformIds = new HashSet<>();
		for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
			Thread thread = entry.getKey();
			platformIds.add(thread.getId());
			if (thread.isAlive()) {
				threads.add(new Unowned(thread.getId(), thread.getName(), thread.getState().name(), false,
						frames(entry.getValue(), maxFrames)));
			}
		}
		boolean virtualListed = JSON_DUMP != null;
		if (JSON_DUMP != null) {
			threads.addAll(JSON_DUMP.virtualThreads(platformIds, maxFrames));
		}
		owned.addAll(registry.ownedThreadIds());
		Map<GroupKey, List<Unowned>> groups = new LinkedHashMap<>();
		int virtual = 0;
		int total = 0;
		for (Unowned thread : threads) {
			if (owned.contains(thread.id)) {
				continue;
			}
			total++;
			virtual += thread.virtual ? 1 : 0;
			groups.computeIfAbsent(new GroupKey(thread.virtual, thread.stack, beans.get(thread.id)),
					(key) -> new ArrayList<>())
				.add(thread);
		}
		List<UnownedThreadGroup> described = new ArrayList<>(groups.size());
		groups.forEach((key, members) -> {
			members.sort(Comparator.comparingLong((thread) -> thread.id));
			List<String> names = members.stream().limit(NAMES_PER_GROUP).map((thread) -> thread.name).toList();
			described.add(new UnownedThreadGroup(members.size(), key.virtual, members.get(0).state, names,
					showStacks ? key.stack : List.of(), key.bean));
		});
		described.sort(Comparator.comparingInt(UnownedThreadGroup::count).reversed());
		return new UnownedThreadsDescriptor(total, total - virtual, virtual, virtualListed, showStacks, described);
	}

	private static List<String> frames(StackTraceElement[] stack, int maxFrames) {
		return Arrays.stream(stack).limit(maxFrames).map(StackTraceElement::toString).toList();
	}

	private record GroupKey(boolean virtual, List<String> stack, @Nullable String bean) {
	}

	private record Unowned(long id, String name, String state, boolean virtual, List<String> stack) {
	}

	/** The JDK's JSON thread dump, found by reflection. */
	private static final class JsonThreadDump {

		private final PlatformManagedObject bean;

		private final Method dumpThreads;

		private final Object jsonFormat;

		private JsonThreadDump(PlatformManagedObject bean, Method dumpThreads, Object jsonFormat) {
			this.bean = bean;
			this.dumpThreads = dumpThreads;
			this.jsonFormat = jsonFormat;
		}

		@SuppressWarnings({ "unchecked", "rawtypes" })
		static @Nullable JsonThreadDump find() {
			if (Runtime.version().feature() < 21) {
				return null; // no virtual threads to see
			}
			try {
				Class beanType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
				Class formatType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
				Method dumpThreads = beanType.getMethod("dumpThreads", String.class, formatType);
				PlatformManagedObject bean = ManagementFactory.getPlatformMXBean(beanType);
				return new JsonThreadDump(bean, dumpThreads, Enum.valueOf(formatType, "JSON"));
			}
			catch (ReflectiveOperationException | LinkageError | IllegalArgumentException ex) {
				return null;
			}
		}

		@SuppressWarnings("unchecked")
		List<Unowned> virtualThreads(Set<Long> platformIds, int maxFrames) {
			List<Unowned> threads = new ArrayList<>();
			for (Map<String, Object> dumped : dump()) {
				long id = Long.parseLong((String) dumped.get("tid"));
				// Java 21's dump does not say which threads are virtual, Java 25's does ("virtual": true); one that
				// is no live platform thread is virtual, or a platform thread that ended in between.
				boolean virtual = Boolean.TRUE.equals(dumped.get("virtual"))
						|| (!dumped.containsKey("virtual") && !platformIds.contains(id));
				if (virtual) {
					List<String> stack = (List<String>) dumped.getOrDefault("stack", List.of());
					threads.add(new Unowned(id, (String) dumped.getOrDefault("name", ""),
							(String) dumped.getOrDefault("state", "UNKNOWN"), true,
							stack.stream().limit(maxFrames).toList()));
				}
			}
			return threads;
		}

		@SuppressWarnings("unchecked")
		private List<Map<String, Object>> dump() {
			Path dir = null;
			Path file = null;
			try {
				dir = Files.createTempDirectory("unowned-threads");
				file = dir.resolve("threads.json");
				this.dumpThreads.invoke(this.bean, file.toAbsolutePath().toString(), this.jsonFormat);
				Map<String, Object> root = (Map<String, Object>) Objects.requireNonNull(
						ThreadDumpJson.parse(Files.readString(file, StandardCharsets.UTF_8)), "a JSON thread dump");
				Map<String, Object> dump = (Map<String, Object>) Objects.requireNonNull(root.get("threadDump"),
						"a JSON thread dump has a threadDump object");
				List<Map<String, Object>> threads = new ArrayList<>();
				List<Object> containers = (List<Object>) Objects.requireNonNull(dump.get("threadContainers"),
						"a JSON thread dump lists its threadContainers");
				for (Object container : containers) {
					threads.addAll((List<Map<String, Object>>) ((Map<String, Object>) container).get("threads"));
				}
				return threads;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not write the JVM's thread dump to " + file, ex);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Could not take the JVM's thread dump", ex);
			}
			finally {
				deleteQuietly(file);
				deleteQuietly(dir);
			}
		}

		private static void deleteQuietly(@Nullable Path path) {
			if (path != null) {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					// a temp file left behind is harmless
				}
			}
		}

	}

}
