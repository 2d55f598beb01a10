package io.github.managedworkers.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * The packaged sample app running in a JVM of its own, in a working directory of the test's, so that it uses its
 * default database location there.
 */
final class SampleProcess {

	private static final Duration STARTUP = Duration.ofMinutes(2);

	private final Process process;

	private final Path log;

	final SampleHttp http;

	private SampleProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.http = new SampleHttp(port);
	}

	/**
	 * Starts the packaged jar and waits until it is healthy.
	 * @param workingDirectory where it runs, and keeps its database
	 * @param name a name for its log file
	 * @param arguments Spring Boot command-line arguments
	 */
	static SampleProcess start(Path workingDirectory, String name, String... arguments) throws IOException {
		String jar = System.getProperty("sample.jar");
		if (jar == null || !Files.exists(Path.of(jar))) {
			throw new IllegalStateException("The packaged sample app is missing (sample.jar=" + jar
					+ "): run the end-to-end tests with ./mvnw verify, which packages it first");
		}
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(javaOfThisJvm(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
				"-jar", jar, "--server.port=" + port, "--spring.main.banner-mode=off"));
		command.addAll(List.of(arguments));
		Path log = workingDirectory.resolve(name + ".log");
		Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		SampleProcess sample = new SampleProcess(process, log, port);
		await().atMost(STARTUP).ignoreExceptions().until(() -> {
			if (!process.isAlive()) {
				throw new IllegalStateException("The sample app exited at startup:\n" + sample.log());
			}
			return sample.http.get("/actuator/health").status() == 200;
		});
		return sample;
	}

	JsonNode get(String path) throws IOException {
		return this.http.get(path).json();
	}

	/** Sends SIGTERM, as a container runtime or a process manager does. */
	void sigterm() {
		this.process.destroy();
	}

	/** Sends SIGKILL: no shutdown hook runs. */
	void sigkill() {
		this.process.destroyForcibly();
	}

	/**
	 * Waits for the process to exit.
	 * @return whether it exited within the time
	 */
	boolean awaitExit(Duration within) throws InterruptedException {
		return this.process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Kills the process if it is still there, and waits for it: a test leaves no process behind. */
	void kill() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
		this.process.waitFor(1, TimeUnit.MINUTES);
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String javaOfThisJvm() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
