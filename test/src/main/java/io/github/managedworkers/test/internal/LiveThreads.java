package io.github.managedworkers.test.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.managedworkers.test.LiveThread;

/**
 * Lists every live thread of this JVM, virtual threads included.
 * <p>
 * {@link Thread#getAllStackTraces()} returns platform threads only. On Java 21+ the JDK's thread dump in JSON
 * format ({@code HotSpotDiagnosticMXBean.dumpThreads}) lists virtual threads as well; it is reached by reflection
 * because this module is compiled for Java 17.
 */
public final class LiveThreads {

	private static final String CARRIER_THREAD_CLASS = "jdk.internal.misc.CarrierThread";

	private static final JsonThreadDump JSON_DUMP = JsonThreadDump.find();

	private LiveThreads() {
	}

	/**
	 * Whether virtual threads can be listed on this JVM.
	 * @return {@code true} on Java 21 and later
	 */
	public static boolean seesVirtualThreads() {
		return JSON_DUMP != null;
	}

	/**
	 * The ids of every live thread, the calling one included: what a check that runs later takes as alive before.
	 * @return the thread ids
	 */
	public static Set<Long> ids() {
		Set<Long> ids = new HashSet<>();
		for (LiveThread thread : list()) {
			ids.add(thread.id());
		}
		ids.add(Thread.currentThread().getId());
		return ids;
	}

	/**
	 * Every live thread except the calling one.
	 * @return the threads, platform threads first
	 */
	public static List<LiveThread> list() {
		List<Map<String, Object>> dumped = (JSON_DUMP != null) ? JSON_DUMP.threads() : List.of();
		Map<Thread, StackTraceElement[]> platform = Thread.getAllStackTraces();
		Thread current = Thread.currentThread();
		Set<Long> platformIds = new HashSet<>();
		List<LiveThread> threads = new ArrayList<>();
		for (Map.Entry<Thread, StackTraceElement[]> entry : platform.entrySet()) {
			Thread thread = entry.getKey();
			platformIds.add(thread.getId());
			if (thread == current || !thread.isAlive()) {
				continue;
			}
			List<String> stack = new ArrayList<>();
			for (StackTraceElement frame : entry.getValue()) {
				stack.add(frame.toString());
			}
			threads.add(new LiveThread(thread.getId(), thread.getName(), thread.getState().name(), false,
					thread.isDaemon(), CARRIER_THREAD_CLASS.equals(thread.getClass().getName()), stack));
		}
		long currentId = current.getId();
		for (Map<String, Object> dump : dumped) {
			long id = Long.parseLong((String) dump.get("tid"));
			// A thread the dump saw that is not a live platform thread is virtual, or a platform thread that
			// ended in between: Java 21's dump does not say which, Java 25's does ("virtual": true).
			boolean virtual = Boolean.TRUE.equals(dump.get("virtual"))
					|| (!dump.containsKey("virtual") && !platformIds.contains(id));
			if (!virtual || id == currentId) {
				continue;
			}
			@SuppressWarnings("unchecked")
			List<String> stack = (List<String>) dump.getOrDefault("stack", List.of());
			String state = (String) dump.getOrDefault("state", "UNKNOWN");
			threads.add(new LiveThread(id, (String) dump.get("name"), state, true, true, false, stack));
		}
		return threads;
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
		static JsonThreadDump find() {
			try {
				Class beanType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
				Class formatType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
				Method dumpThreads = beanType.getMethod("dumpThreads", String.class, formatType);
				PlatformManagedObject bean = ManagementFactory.getPlatformMXBean(beanType);
				return new JsonThreadDump(bean, dumpThreads, Enum.valueOf(formatType, "JSON"));
			}
			catch (ReflectiveOperationException | LinkageError | IllegalArgumentException ex) {
				return null; // Java 17: no virtual threads to see
			}
		}

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> threads() {
			Path dir = null;
			Path file = null;
			try {
				dir = Files.createTempDirectory("thread-leaks");
				file = dir.resolve("threads.json");
				this.dumpThreads.invoke(this.bean, file.toAbsolutePath().toString(), this.jsonFormat);
				String json = Files.readString(file, StandardCharsets.UTF_8);
				Map<String, Object> root = (Map<String, Object>) Json.parse(json);
				Map<String, Object> dump = (Map<String, Object>) root.get("threadDump");
				List<Map<String, Object>> threads = new ArrayList<>();
				for (Object container : (List<Object>) dump.get("threadContainers")) {
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

		private static void deleteQuietly(Path path) {
			if (path != null) {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					// a temp file left behind is harmless; the check's answer is what matters
				}
			}
		}

	}

}
