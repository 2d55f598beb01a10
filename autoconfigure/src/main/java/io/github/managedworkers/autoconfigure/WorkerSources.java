package io.github.managedworkers.autoconfigure;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each worker comes from, as the {@code workers} endpoint shows it under {@code "source"}:
 * {@value #SCHEDULED} for an adopted {@code @Scheduled} method, {@value #ASYNC} for the adopted
 * {@code applicationTaskExecutor}, and {@value #MANAGED} for {@code @ManagedWorker} and programmatic workers.
 */
public final class WorkerSources {

	/** A {@code @ManagedWorker} or a programmatically registered worker. */
	public static final String MANAGED = "managed";

	/** An adopted {@code @Scheduled} method. */
	public static final String SCHEDULED = "scheduled";

	/** The adopted {@code applicationTaskExecutor}, which runs {@code @Async} methods. */
	public static final String ASYNC = "async";

	private final Map<String, String> adopted = new ConcurrentHashMap<>();

	private final Set<Method> scheduledMethods = ConcurrentHashMap.newKeySet();

	/**
	 * Records an adopted worker, or one about to be: its name may then be configured under
	 * {@code managed-workers.workers.<name>.*}.
	 * @param worker the worker's name
	 * @param source {@value #SCHEDULED} or {@value #ASYNC}
	 */
	public void adopted(String worker, String source) {
		this.adopted.put(worker, source);
	}

	/**
	 * Forgets an adopted worker that is gone for good, such as the worker of a destroyed prototype bean's
	 * {@code @Scheduled} method.
	 * @param worker the worker's name
	 */
	public void forget(String worker) {
		this.adopted.remove(worker);
	}

	/**
	 * Where a worker comes from.
	 * @param worker the worker's name
	 * @return {@value #SCHEDULED}, {@value #ASYNC} or {@value #MANAGED}
	 */
	public String sourceOf(String worker) {
		return this.adopted.getOrDefault(worker, MANAGED);
	}

	/**
	 * The names of the adopted workers, and of those about to be.
	 * @return the names
	 */
	public Set<String> adoptedNames() {
		return Set.copyOf(this.adopted.keySet());
	}

	/**
	 * Records a {@code @Scheduled} method whose schedule the starter's scheduler runs as a worker.
	 * @param method the method, as declared
	 */
	public void adoptedScheduledMethod(Method method) {
		this.scheduledMethods.add(method);
	}

	/**
	 * Whether the starter's scheduler runs the schedule of a {@code @Scheduled} method.
	 * @param method the method, as declared
	 * @return {@code true} when it becomes a worker of the starter's scheduler
	 */
	public boolean isAdoptedScheduledMethod(Method method) {
		return this.scheduledMethods.contains(method);
	}

}
