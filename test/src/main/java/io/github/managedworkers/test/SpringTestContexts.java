package io.github.managedworkers.test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.managedworkers.test.internal.LiveThreads;

/**
 * The Spring test contexts open in this JVM, as the leak checks see them. Free of Spring types, so that the checks
 * run without Spring: {@link ThreadLeakContextCustomizerFactory} and {@link ThreadLeakTestExecutionListener} fill
 * it, and only spring-test ever loads those.
 * <p>
 * spring-test caches a context across test classes and closes it late, often at the end of the run, so the threads
 * it owns (a web server's, a connection pool's, its workers') legitimately outlive the classes that used it. A
 * thread that appeared while a class used an open context, after that context started, may be the context's: no
 * check can tell it from a thread the test leaked, so it is left to the contexts that may own it, and becomes a
 * suspect once the last of them has closed. The tasks of managed workers still alive once a context has closed are
 * suspects too.
 * <p>
 * A suspect is judged only after the close has returned: a context stops some of its threads in the very last
 * step of its close (a Spring Boot web server's), after every bean is destroyed.
 */
final class SpringTestContexts {

	/** Guarded by the class: contexts that started and have not closed yet. */
	private static final List<Context> OPEN = new ArrayList<>();

	/** Guarded by the class: threads left to open contexts, each with the contexts that may own it. */
	private static final Map<Long, Set<Context>> LEFT = new HashMap<>();

	/** Guarded by the class: what the contexts closed by {@link #closeStillOpen()} left, judged once they closed. */
	private static final List<Leftovers> CLOSED_AT_END = new ArrayList<>();

	/** Guarded by the class: whether {@link #closeStillOpen()} is closing contexts now. */
	private static boolean closingAtEnd;

	private SpringTestContexts() {
	}

	/**
	 * Records a context that is starting, in use by the classes running now: every thread alive now is none of its
	 * business.
	 * @param description what reports call it, such as "the Spring test context of com.example.OrderTests"
	 * @param close closes the context
	 */
	static Context started(String description, Runnable close) {
		Context context = new Context(description, LiveThreads.ids(), close);
		synchronized (SpringTestContexts.class) {
			OPEN.add(context);
		}
		ClassCheck.using(context);
		return context;
	}

	static synchronized boolean isLeft(long threadId) {
		return LEFT.containsKey(threadId);
	}

	/**
	 * Leaves to open contexts among {@code inUse} the threads among these that one of them may own.
	 * @return the ids of the threads left to a context
	 */
	static synchronized Set<Long> leaveToOpenContexts(List<LiveThread> threads, Collection<Context> inUse) {
		Set<Long> left = new HashSet<>();
		for (LiveThread thread : threads) {
			Set<Context> owners = possibleOwners(thread, inUse);
			if (!owners.isEmpty()) {
				LEFT.computeIfAbsent(thread.id(), (id) -> new HashSet<>()).addAll(owners);
				left.add(thread.id());
			}
		}
		return left;
	}

	/**
	 * Called from a context's close once its beans are stopped and destroyed: finds the suspects it leaves (threads
	 * left to it that no open context may own any more, and tasks of managed workers that started after it did and
	 * that no other context in use may own), for the class running now to judge when it ends, or for
	 * {@link #closeStillOpen()} once the close has returned.
	 * <p>
	 * A context closed by anything else, at JVM exit say, gets its worker tasks judged at once: their registry has
	 * drained already, while other threads may still be stopped by the rest of the close.
	 */
	static void closing(Context context) {
		Optional<ClassCheck> running = ClassCheck.running();
		Set<Long> suspects = new HashSet<>();
		synchronized (SpringTestContexts.class) {
			OPEN.remove(context);
			List<LiveThread> live = LiveThreads.list();
			LEFT.keySet().retainAll(live.stream().map(LiveThread::id).collect(Collectors.toSet()));
			for (Iterator<Map.Entry<Long, Set<Context>>> it = LEFT.entrySet().iterator(); it.hasNext();) {
				Map.Entry<Long, Set<Context>> left = it.next();
				left.getValue().remove(context);
				if (left.getValue().isEmpty()) {
					suspects.add(left.getKey());
					it.remove();
				}
			}
			Collection<Context> inUse = running.map(ClassCheck::contextsInUse).orElse(OPEN);
			for (LiveThread thread : live) {
				if (thread.isWorkerTask() && !context.before.contains(thread.id()) && !LEFT.containsKey(thread.id())
						&& !ClassCheck.isSettled(thread.id())) {
					Set<Context> owners = possibleOwners(thread, inUse);
					if (owners.isEmpty()) {
						suspects.add(thread.id());
					}
					else {
						LEFT.put(thread.id(), owners);
					}
				}
			}
		}
		if (suspects.isEmpty()) {
			return;
		}
		Leftovers leftovers = new Leftovers(context.description, suspects);
		if (running.isPresent()) {
			running.get().contextClosed(leftovers);
		}
		else if (!leaveToTheEnd(leftovers)) {
			ClassCheck.reportNow(leftovers, LiveThread::isWorkerTask);
		}
	}

	/** Keeps what a context closed by {@link #closeStillOpen()} left until that close has returned. */
	private static synchronized boolean leaveToTheEnd(Leftovers leftovers) {
		if (closingAtEnd) {
			CLOSED_AT_END.add(leftovers);
		}
		return closingAtEnd;
	}

	/**
	 * Closes the contexts still open, newest first, as the JVM would at exit, then judges what they left: once no
	 * test can use them any more, but while a report still reaches the test run's output.
	 */
	static void closeStillOpen() {
		List<Context> open;
		synchronized (SpringTestContexts.class) {
			closingAtEnd = true;
			open = new ArrayList<>(OPEN);
		}
		Collections.reverse(open);
		for (Context context : open) {
			try {
				context.close.run();
			}
			catch (RuntimeException ex) {
				System.err.println("[managed-workers-test] Could not close " + context.description + ": " + ex);
			}
		}
		List<Leftovers> closed;
		synchronized (SpringTestContexts.class) {
			closingAtEnd = false;
			closed = new ArrayList<>(CLOSED_AT_END);
			CLOSED_AT_END.clear();
		}
		closed.forEach((leftovers) -> ClassCheck.reportNow(leftovers, (thread) -> true));
	}

	/** The open contexts among {@code inUse} that started after the thread did, and so may own it. */
	private static Set<Context> possibleOwners(LiveThread thread, Collection<Context> inUse) {
		Set<Context> owners = new HashSet<>();
		for (Context context : inUse) {
			if (OPEN.contains(context) && !context.before.contains(thread.id())) {
				owners.add(context);
			}
		}
		return owners;
	}

	/** A context, by the threads that were alive when it started. */
	static final class Context {

		private final String description;

		private final Set<Long> before;

		private final Runnable close;

		private Context(String description, Set<Long> before, Runnable close) {
			this.description = description;
			this.before = before;
			this.close = close;
		}

	}

	/**
	 * The suspects a closed context left, to be judged once its close has returned.
	 * @param description the context, as reports call it
	 * @param threadIds the suspects
	 */
	record Leftovers(String description, Set<Long> threadIds) {
	}

}
