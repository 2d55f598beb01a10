package io.github.managedworkers.test;

import java.util.List;

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

	private static final String WORKER_TASK_FRAME = "io.github.managedworkers.internal.TaskRun.";

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
			int paren = element.indexOf('(');
			String method = (paren >= 0) ? element.substring(0, paren) : element;
			int module = method.indexOf('/');
			if (module >= 0) {
				method = method.substring(module + 1);
			}
			if (method.equals(frame) || method.startsWith(frame + ".")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether this thread runs a task of a managed worker. Its name is then {@code <worker>-<task id>}.
	 * @return whether a managed worker owns this thread
	 */
	public boolean isWorkerTask() {
		for (String element : this.stack) {
			if (element.contains(WORKER_TASK_FRAME)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * This thread as a leak report prints it: a header line, then its frames.
	 * @return the description
	 */
	public String describe() {
		StringBuilder sb = new StringBuilder();
		sb.append('"').append(this.name).append("\" #").append(this.id);
		sb.append(this.virtual ? " virtual" : (this.daemon ? " daemon" : ""));
		sb.append(' ').append(this.state);
		if (isWorkerTask()) {
			sb.append(" (a task of a managed worker that did not stop)");
		}
		sb.append('\n');
		if (this.stack.isEmpty()) {
			sb.append("        (no frames)\n");
		}
		for (String frame : this.stack) {
			sb.append("        at ").append(frame).append('\n');
		}
		return sb.toString();
	}

}
