package io.github.managedworkers.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.github.managedworkers.test.internal.LiveThreads;

/**
 * The leak check of one test class, from before its first test to after its last callback: JUnit closes it, as a
 * value of the class's store, once every {@code @AfterAll} method and callback has run, so that it sees what they
 * stopped (a Spring context closed by {@code @DirtiesContext}, an executor shut down).
 */
final class ClassCheck implements AutoCloseable {

	/** The checks of the classes running now, innermost ({@code @Nested}) first. */
	private static final Deque<ClassCheck> RUNNING = new ConcurrentLinkedDeque<>();

	/**
	 * Threads already reported, or ignored on purpose by the class they appeared in: an enclosing class or a closing
	 * context does not report them again.
	 */
	private static final Set<Long> SETTLED = ConcurrentHashMap.newKeySet();

	private final Set<Long> baseline = LiveThreads.ids();

	private final Predicate<LiveThread> ignored;

	private final Duration maxWait;

	/** The Spring test contexts this class started or used: a thread they start may outlive the class. */
	private final Set<SpringTestContexts.Context> contextsInUse = ConcurrentHashMap.newKeySet();

	/** What the Spring test contexts closed while this class ran left, judged with the class. */
	private final List<SpringTestContexts.Leftovers> closedContexts = new CopyOnWriteArrayList<>();

	ClassCheck(LeakOption.Resolved options) {
		this.ignored = options.ignored();
		this.maxWait = options.maxWait();
		RUNNING.push(this);
	}

	/** The check of the innermost class running now, if one is. */
	static Optional<ClassCheck> running() {
		return Optional.ofNullable(RUNNING.peek());
	}

	/** Marks a Spring test context as in use by the classes running now, a {@code @Nested} one and its enclosing. */
	static void using(SpringTestContexts.Context context) {
		RUNNING.forEach((check) -> check.contextsInUse.add(context));
	}

	static boolean isSettled(long threadId) {
		return SETTLED.contains(threadId);
	}

	/**
	 * Judges what a context closed outside any test class left: reported on standard error, the one place left to
	 * report it.
	 * @param judged which of the suspects can be judged now
	 */
	static void reportNow(SpringTestContexts.Leftovers leftovers, Predicate<LiveThread> judged) {
		List<LiveThread> leaks = ThreadLeaks.awaitEnd((thread) -> !leftovers.threadIds().contains(thread.id())
				|| !judged.test(thread) || DefaultIgnores.matches(thread), ThreadLeaks.DEFAULT_MAX_WAIT);
		if (!leaks.isEmpty()) {
			leaks.forEach((leak) -> SETTLED.add(leak.id()));
			String stillAlive = ThreadLeakError.waitedAfterClose(leftovers.description(), ThreadLeaks.DEFAULT_MAX_WAIT);
			System.err.println("[managed-workers-test] " + new ThreadLeakError(leaks, stillAlive).getMessage());
		}
	}

	/** The Spring test contexts this class started or used. */
	Collection<SpringTestContexts.Context> contextsInUse() {
		return this.contextsInUse;
	}

	/** Takes what a context closed while this class ran left, to judge it when the class ends. */
	void contextClosed(SpringTestContexts.Leftovers leftovers) {
		this.closedContexts.add(leftovers);
	}

	@Override
	public void close() {
		RUNNING.remove(this);
		Set<Long> watched = new HashSet<>();
		List<LiveThread> started = new ArrayList<>();
		for (LiveThread thread : LiveThreads.list()) {
			if (this.baseline.contains(thread.id()) || SETTLED.contains(thread.id())
					|| SpringTestContexts.isLeft(thread.id())) {
				continue;
			}
			if (this.ignored.test(thread)) {
				SETTLED.add(thread.id()); // ignored on purpose here, so not reported by an enclosing class either
			}
			else {
				started.add(thread);
				watched.add(thread.id());
			}
		}
		if (!this.contextsInUse.isEmpty()) {
			watched.removeAll(SpringTestContexts.leaveToOpenContexts(started, this.contextsInUse));
		}
		this.closedContexts.forEach((leftovers) -> watched.addAll(leftovers.threadIds()));
		// Ignores are asked again while waiting: a pool thread that was finishing a task a moment ago may now sit
		// in the frame that a class ignores.
		List<LiveThread> leaks = ThreadLeaks.awaitEnd((thread) -> !watched.contains(thread.id())
				|| this.ignored.test(thread), this.maxWait);
		if (leaks.isEmpty()) {
			return;
		}
		leaks.forEach((leak) -> SETTLED.add(leak.id()));
		throw leakError(leaks);
	}

	/**
	 * One error for what the class left, and one for what each context closed while it ran left: the first holds the
	 * others as suppressed.
	 */
	private ThreadLeakError leakError(List<LiveThread> leaks) {
		List<LiveThread> own = new ArrayList<>(leaks);
		List<ThreadLeakError> errors = new ArrayList<>();
		for (SpringTestContexts.Leftovers leftovers : this.closedContexts) {
			List<LiveThread> left = new ArrayList<>();
			for (LiveThread leak : leaks) {
				if (leftovers.threadIds().contains(leak.id()) && own.remove(leak)) {
					left.add(leak);
				}
			}
			if (!left.isEmpty()) {
				errors.add(new ThreadLeakError(left,
						ThreadLeakError.waitedAfterClose(leftovers.description(), this.maxWait)));
			}
		}
		if (!own.isEmpty()) {
			errors.add(0, new ThreadLeakError(own, ThreadLeakError.waited(this.maxWait)));
		}
		ThreadLeakError first = errors.get(0);
		errors.subList(1, errors.size()).forEach(first::addSuppressed);
		return first;
	}

}
