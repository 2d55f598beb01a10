package io.github.managedworkers.test;

import java.util.regex.Pattern;

/**
 * The JVM's, the test runners' and Spring's own long-lived threads, which a clean test leaves alive.
 */
final class DefaultIgnores {

	private static final Pattern JVM_NAMES = Pattern.compile(String.join("|", "main", "Reference Handler",
			"Finalizer", "Signal Dispatcher", "Common-Cleaner", "Notification Thread", "Attach Listener",
			"Service Thread", "Monitor Deflation Thread", "Sweeper thread", "C[12] CompilerThread\\d+",
			"JVMCI-native CompilerThread\\d+", "DestroyJavaVM", "process reaper", "Read-Poller", "Write-Poller",
			"VirtualThread-unparker", "VirtualThread-unblocker", "ForkJoinPool-\\d+-delayScheduler", "MasterPoller",
			"SubPoller-\\d+", "JFR .*", "RMI .*", "JMX server connection timeout \\d+",
			"Monitor Ctrl-Break", "surefire-forkedjvm-.*", "junit-jupiter-timeout-watcher", "background-preinit",
			"Keep-Alive-Timer", "Keep-Alive-SocketCleaner", "FileSystemWatchService", "SpringApplicationShutdownHook"));

	/** Frames of threads that are idle in a pool the JVM itself owns. */
	private static final String COMMON_POOL_IDLE = "java.util.concurrent.ForkJoinPool.awaitWork";

	private DefaultIgnores() {
	}

	static boolean matches(LiveThread thread) {
		if (thread.carrier()) {
			return true; // runs virtual threads, which are checked one by one
		}
		if (JVM_NAMES.matcher(thread.name()).matches()) {
			return true;
		}
		// The common pool keeps idle workers for a while after CompletableFuture's async stages; a busy one is
		// still reported.
		return thread.name().startsWith("ForkJoinPool.commonPool-worker-") && thread.hasFrame(COMMON_POOL_IDLE);
	}

}
