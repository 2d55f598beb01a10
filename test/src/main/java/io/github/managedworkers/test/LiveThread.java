package io.github.managedworkers.test;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A thread that was alive when the JVM was looked at: a platform thread, or on Java 21+ a virtual thread.
 *
 * @param id the thread id
 * @param name the thread name
 * @param state the {@link Thread.State} name, or {@code UNKNOWN} where the JVM does not say (virtual threads on Java
 * 21)
 * @param virtual whether it is a virtual thread
 * @param daemon whether it is a daemon thread (virtual threads always are)
 * @param carrier whether it is one of the JDK's carrier threads that run virtual threads
 * @param stack its frames, innermost first, as {@link StackTraceElement#toString()} prints them
 */
public record LiveThread(long id, String name, String state, boolean virtual, boolean daemon, boolean carrier,
		List<String> stack) {

	/**
	 * The class whose frames are on the stack of every task and body run of a managed worker: the contract by which a
	 * leak check, which cannot depend on managed-workers-core, tells a worker's thread from a stray one. Core's own
	 * test suite checks it against real workers on both thread modes, so a change on either side fails a build.
	 */
	public static final String WORKER_TASK_CLASS = "io.github.managedworkers.internal.TaskRun";

	private static final Pattern HIDDEN_CLASS_SUFFIX = Pattern.compile("/0x[0-9a-f]+");

	/**
	 * Creates a thread description.
	 */
	public LiveThread {
		stack = List.copyOf(stack);
	}

	/**
	 * Whether any frame of this thread's stack is in the given class, or the given method when {@code frame} is
	 * {@code "package.Class.method"}.
	 * @param frame a class name, or a class name and a method name joined by a dot
	 * @return whether a frame matches
	 */
	public boolean hasFrame(String frame) {
		for (String element : this.stack) {
			String method = method(element);
			if (method.equals(frame) || (method.startsWith(frame) && method.charAt(frame.length()) == '.')) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether this thread runs a task (or a body) of a managed worker. Its name is then
	 * {@code <worker>-<task id>}.
	 * @return whether a managed worker owns this thread
	 */
	public boolean isWorkerTask() {
		return hasFrame(WORKER_TASK_CLASS);
	}

	/**
	 * This thread as a leak report prints it: a header line with its name, id, kind and state, then its frames.
	 * @return the description
	 */
	public String describe() {
		StringBuilder sb = new StringBuilder();
		sb.append('"').append(this.name).append("\" #").append(this.id);
		sb.append(this.virtual ? " virtual" : " platform").append((this.daemon && !this.virtual) ? " daemon" : "");
		sb.append(' ').append(this.state);
		if (isWorkerTask()) {
			sb.append(", a task of managed worker '").append(this.name.replaceFirst("-\\d+$", ""));
			sb.append("' that did not stop");
		}
		sb.append('\n');
		if (this.stack.isEmpty()) {
			sb.append("        (no Java frames)\n");
		}
		for (String frame : this.stack) {
			sb.append("        at ").append(frame).append('\n');
		}
		return sb.toString();
	}

	/**
	 * The class of the innermost frame outside the JDK, where a reader should look first.
	 * @return a class name, or {@code null} when every frame is the JDK's
	 */
	String firstApplicationClass() {
		for (String element : this.stack) {
			String method = method(element);
			if (!method.startsWith("java.") && !method.startsWith("jdk.") && !method.startsWith("sun.")
					&& method.lastIndexOf('.') > 0) {
				return method.substring(0, method.lastIndexOf('.'));
			}
		}
		return null;
	}

	/**
	 * {@code "java.base@17.0.15/java.lang.Thread.run(Thread.java:840)"} to {@code "java.lang.Thread.run"}: a frame
	 * may start with a class loader's name and a module, each followed by a slash, and a hidden class (a lambda's)
	 * has a slash in its name, which no frame given to a check can match.
	 */
	private static String method(String element) {
		int paren = element.indexOf('(');
		String method = (paren >= 0) ? element.substring(0, paren) : element;
		method = HIDDEN_CLASS_SUFFIX.matcher(method).replaceAll("");
		return method.substring(method.lastIndexOf('/') + 1);
	}

}
