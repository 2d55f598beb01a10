package io.github.managedworkers.autoconfigure;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each worker comes from, as the {@code workers} endpoint shows it under {@code "source"}:
 * {@value #SCHEDULED} for an adopted {@code @Scheduled} method, {@value #ASYNC} for the adopted
 * {@code applicationTaskExecutor}, {@value #EXECUTOR} for an executor bean of the application's, and {@value #MANAGED} for {@code @ManagedWorker} and programmatic workers.
 */
public final class WorkerSources {

	/** A {@code @ManagedWorker} or a programmatically registered worker. */
	public static final String MANAGED = "managed";

	/** An adopted {@code @Scheduled} method. */
	public static final String SCHEDULED = "scheduled";

	/**
	 * An executor or scheduler bean of the application's ({@code ThreadPoolTaskExecutor}, {@code ThreadPoolTaskScheduler},
	 * {@code SimpleAsyncTaskExecutor}, {@code SimpleAsyncTaskScheduler}), its worker named after the bean.
	 */
	public static final String EXECUTOR = "executor";

	/** The adopted {@code applicationTaskExecutor}, which runs {@code @Async} methods. */
	public static final String ASYNC = "async";

	private final Map<String, String> adopted = new ConcurrentHashMap<>();

	private final Set<Method> scheduledMethods = ConcurrentHashMap.newKeySet();
	/** Guarded by itself; weak, so that a pool's ended threads go. */
	private final Map<Thread, String> executorServiceThreads = new WeakHashMap<>();

	/**
	 * Records an adopted worker, or one about to be: its name may then be configured under
	 * {@code managed-workers.workers.<name>.*}.
	 * @param worker the worker's name
	 * @param source {@value #SCHEDULED}, {@value #ASYNC} or {@value #EXECUTOR}
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
	 * @return {@value #SCHEDULED}, {@value #ASYNC}, {@value #EXECUTOR} or {@value #MANAGED}
	 */
	public String sourceOf(String worker) {
		return this.adopted.getOrDefault(worker, MANAGED);
	}

	/**
	 * Records a thread that the pool of a plain {@code ExecutorService} bean created: the registry does not own it,
	 * and {@code ?view=unowned} names the bean it belongs to.
	 * @param thread the thread
	 * @param bean the bean's name
	 */
	public void executorServiceThread(Thread thread, String bean) {
		synchronized (this.executorServiceThreads) {
			this.executorServiceThreads.put(thread, bean);
		}
	}

	/**
	 * The live threads of plain {@code ExecutorService} beans, by thread id.
	 * @return the bean each thread belongs to
	 */
	public Map<Long, String> executorServiceThreads() {
		Map<Long, String> byId = new HashMap<>();
		synchronized (this.executorServiceThreads) {
			this.executorServiceThreads.forEach((thread, bean) -> byId.put(thread.getId(), bean));
		}
		return byId;
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
