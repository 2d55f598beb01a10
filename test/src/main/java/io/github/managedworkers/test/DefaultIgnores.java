package io.github.managedworkers.test;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The JVM's, the test runners' and Spring's own long-lived threads, which a clean test leaves alive: every check
 * ignores them.
 */
final class DefaultIgnores {

	private static final Pattern NAMES = Pattern.compile(String.join("|",
			// the JVM
			"main", "Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner", "Notification Thread",
			"Attach Listener", "Service Thread", "Monitor Deflation Thread", "Sweeper thread",
			"C[12] CompilerThread\\d+", "JVMCI-native CompilerThread\\d+", "DestroyJavaVM", "process reaper",
			"JFR .*", "RMI .*", "JMX server connection timeout \\d+", "Keep-Alive-Timer", "Keep-Alive-SocketCleaner",
			"FileSystemWatchService",
			// the JDK's scheduler of virtual threads (Java 21+)
			"VirtualThread-unparker", "VirtualThread-unblocker", "ForkJoinPool-\\d+-delayScheduler",
			// test runners: Maven Surefire, IntelliJ IDEA, JUnit's timeouts
			"surefire-forkedjvm-.*", "Monitor Ctrl-Break", "junit-jupiter-timeout-watcher",
			// Spring Boot's start-up warm-up, and Spring's shutdown hooks while the JVM exits
			"background-preinit", "SpringApplicationShutdownHook", "SpringContextShutdownHook"));

	/** Frames of the JDK's pollers for the I/O of virtual threads: named Read-Poller, MasterPoller, SubPoller-0... */
	private static final List<String> FRAMES = List.of("sun.nio.ch.Poller.pollerLoop",
			"sun.nio.ch.Poller.subPollerLoop");

	/** The frame of an idle worker of a pool the JVM itself owns. */
	private static final String POOL_IDLE = "java.util.concurrent.ForkJoinPool.awaitWork";

	private DefaultIgnores() {
	}

	static boolean matches(LiveThread thread) {
		if (thread.carrier()) {
			return true; // runs virtual threads, which are checked one by one
		}
		if (NAMES.matcher(thread.name()).matches() || FRAMES.stream().anyMatch(thread::hasFrame)) {
			return true;
		}
		// The common pool keeps idle workers for a while after CompletableFuture's async stages; a busy one is
		// still reported.
		return thread.name().startsWith("ForkJoinPool.commonPool-worker-") && thread.hasFrame(POOL_IDLE);
	}

}
