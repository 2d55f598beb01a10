package io.github.managedworkers.autoconfigure.exclusive;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * This application context's id in the lock store, a bean of each context that has a worker registry:
 * {@code managed-workers.exclusive.instance-id}, or the host name, the process id, a number of its own in this JVM
 * and a random part. Two processes never share a generated id, even on one host or with a reused pid, nor do two
 * contexts in one JVM (a test suite's cached contexts, a parent and its child), so that each takes its own leases.
 */
public final class InstanceId {

	/** The JDBC lock table's CLIENT_ID column is CHAR(36). */
	static final int MAX_LENGTH = 36;

	private static final AtomicInteger contexts = new AtomicInteger();

	private static final SecureRandom random = new SecureRandom();

	private final String value;

	private InstanceId(String value) {
		this.value = value;
	}

	/**
	 * The instance id of a new application context.
	 * @param configured the configured id, or {@code null}
	 * @return the configured id, or a newly generated one
	 */
	public static InstanceId of(@Nullable String configured) {
		return new InstanceId((configured != null && !configured.isBlank()) ? configured : generate());
	}

	/**
	 * The id, as the lock store keeps it.
	 * @return the id
	 */
	public String value() {
		return this.value;
	}

	@Override
	public String toString() {
		return this.value;
	}

	private static String generate() {
		byte[] bytes = new byte[3];
		random.nextBytes(bytes);
		String suffix = "-" + ProcessHandle.current().pid() + "-" + contexts.incrementAndGet() + "-"
				+ HexFormat.of().formatHex(bytes);
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			host = "host";
		}
		host = host.replaceAll("[^A-Za-z0-9.-]", "");
		int room = MAX_LENGTH - suffix.length();
		if (host.length() > room) {
			host = host.substring(0, room);
		}
		return host + suffix;
	}

}
