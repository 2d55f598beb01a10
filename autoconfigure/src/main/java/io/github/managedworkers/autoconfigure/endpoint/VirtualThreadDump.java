package io.github.managedworkers.autoconfigure.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * The virtual threads of the JVM, from the JDK's JSON thread dump ({@code HotSpotDiagnosticMXBean.dumpThreads}, Java
 * 21+, reached by reflection since the project is compiled for Java 17), read as a stream with Jackson: the threads
 * the registry owns are skipped as they are read, and reading stops after a number of bytes, so that the dump of
 * 100,000 tasks is never one string in memory.
 */
final class VirtualThreadDump {

	// The JDK writes names with control characters unescaped on some versions; they are read as they are.
	private static final JsonFactory json = JsonFactory.builder()
		.enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
		.build();

	private final PlatformManagedObject bean;

	private final Method dumpThreads;

	private final Object jsonFormat;

	private VirtualThreadDump(PlatformManagedObject bean, Method dumpThreads, Object jsonFormat) {
		this.bean = bean;
		this.dumpThreads = dumpThreads;
		this.jsonFormat = jsonFormat;
	}

	/**
	 * The JDK's JSON thread dump, if this JVM has one.
	 * @return the dump, or {@code null} before Java 21 (no virtual threads to see)
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static @Nullable VirtualThreadDump find() {
		if (Runtime.version().feature() < 21) {
			return null;
		}
		try {
			Class beanType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
			Class formatType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
			Method dumpThreads = beanType.getMethod("dumpThreads", String.class, formatType);
			PlatformManagedObject bean = ManagementFactory.getPlatformMXBean(beanType);
			return new VirtualThreadDump(bean, dumpThreads, Enum.valueOf(formatType, "JSON"));
		}
		catch (ReflectiveOperationException | LinkageError | IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Takes the dump and hands each virtual thread the registry does not own to the sink.
	 * @param owned the ids of the threads the registry owns, skipped
	 * @param platformIds the ids of the live platform threads, which the dump of Java 21 does not mark
	 * @param maxFrames the most frames kept per stack
	 * @param maxBytes the most bytes of the dump read
	 * @param sink where the threads go
	 * @return whether the dump was read whole ({@code false}: the byte limit cut it)
	 * @throws IOException if the dump could not be written or read
	 * @throws IllegalStateException if the JDK could not take it
	 */
	boolean read(Set<Long> owned, Set<Long> platformIds, int maxFrames, long maxBytes, Sink sink) throws IOException {
		Path dir = Files.createTempDirectory("unowned-threads");
		Path file = dir.resolve("threads.json");
		try {
			dump(file);
			try (InputStream in = Files.newInputStream(file);
					JsonParser parser = json.createParser(ObjectReadContext.empty(), in)) {
				return readThreads(parser, owned, platformIds, maxFrames, maxBytes, sink);
			}
		}
		finally {
			Files.deleteIfExists(file);
			Files.deleteIfExists(dir);
		}
	}

	private void dump(Path file) {
		try {
			this.dumpThreads.invoke(this.bean, file.toAbsolutePath().toString(), this.jsonFormat);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new IllegalStateException("The JVM's thread dump failed: " + cause, cause);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("The JVM's thread dump failed: " + ex, ex);
		}
	}

	private static boolean readThreads(JsonParser parser, Set<Long> owned, Set<Long> platformIds, int maxFrames,
			long maxBytes, Sink sink) {
		JsonToken token;
		while ((token = parser.nextToken()) != null) {
			if (token == JsonToken.PROPERTY_NAME && "threads".equals(parser.currentName())
					&& parser.nextToken() == JsonToken.START_ARRAY) {
				while (parser.nextToken() == JsonToken.START_OBJECT) {
					if (parser.currentTokenLocation().getByteOffset() > maxBytes) {
						return false;
					}
					readThread(parser, owned, platformIds, maxFrames, sink);
				}
			}
		}
		return true;
	}

	private static void readThread(JsonParser parser, Set<Long> owned, Set<Long> platformIds, int maxFrames,
			Sink sink) {
		long id = -1;
		String name = "";
		String state = "UNKNOWN";
		Boolean virtual = null;
		List<String> stack = List.of();
		boolean skip = false;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String property = parser.currentName();
			JsonToken value = parser.nextToken();
			if (skip) {
				parser.skipChildren();
				continue;
			}
			switch (property) {
				case "tid" -> {
					id = Long.parseLong(parser.getString());
					// The registry's own threads are most of a busy dump: their stacks are skipped unread.
					skip = owned.contains(id);
				}
				case "name" -> name = parser.getString();
				case "state" -> state = parser.getString();
				case "virtual" -> virtual = value == JsonToken.VALUE_TRUE;
				case "stack" -> stack = (value == JsonToken.START_ARRAY) ? frames(parser, maxFrames) : List.of();
				default -> parser.skipChildren();
			}
		}
		// Java 21's dump does not say which threads are virtual, Java 25's does ("virtual": true); one that is no
		// live platform thread is virtual, or a platform thread that ended in between.
		boolean isVirtual = (virtual != null) ? virtual : !platformIds.contains(id);
		if (!skip && id >= 0 && isVirtual) {
			sink.accept(id, name, state, stack);
		}
	}

	private static List<String> frames(JsonParser parser, int maxFrames) {
		List<String> frames = new ArrayList<>(Math.min(maxFrames, 16));
		JsonToken token;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
			if (token == JsonToken.VALUE_STRING && frames.size() < maxFrames) {
				frames.add(parser.getString());
			}
			else {
				parser.skipChildren();
			}
		}
		return frames;
	}

	/** Where the dump's unowned virtual threads go. */
	@FunctionalInterface
	interface Sink {

		void accept(long id, String name, String state, List<String> stack);

	}

}
