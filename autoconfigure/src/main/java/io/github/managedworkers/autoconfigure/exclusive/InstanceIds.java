package io.github.managedworkers.autoconfigure.exclusive;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * This process's id in the lock store: {@code managed-workers.exclusive.instance-id}, or the host name, the process
 * id and a random part, which two processes never share even on one host, nor a process restarted with the same pid.
 */
public final class InstanceIds {

	/** The JDBC lock table's CLIENT_ID column is CHAR(36). */
	static final int MAX_LENGTH = 36;

	private static final String DEFAULT = generate();

	private InstanceIds() {
	}

	/**
	 * The instance id to use.
	 * @param configured the configured id, or {@code null}
	 * @return the configured id, or this process's generated one
	 */
	public static String resolve(@Nullable String configured) {
		return (configured != null && !configured.isBlank()) ? configured : DEFAULT;
	}

	private static String generate() {
		byte[] random = new byte[3];
		new SecureRandom().nextBytes(random);
		String suffix = "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
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
