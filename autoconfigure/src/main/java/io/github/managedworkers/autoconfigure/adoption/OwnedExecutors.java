package io.github.managedworkers.autoconfigure.adoption;

import java.lang.reflect.Field;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.type.MethodMetadata;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ReflectionUtils;

import io.github.managedworkers.ExecutorWorker;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.WorkerSources;
import io.github.managedworkers.autoconfigure.WorkerSpecResolver;

/**
 * Makes each {@link ThreadPoolTaskExecutor}, {@link ThreadPoolTaskScheduler}, {@link SimpleAsyncTaskExecutor} and
 * {@code SimpleAsyncTaskScheduler} singleton of the application a worker named after its bean, before the bean
 * initializes: the bean keeps its type, pool sizes, queue and rejection policy; its own {@link TaskDecorator} still
 * wraps each task, and the worker's tracking wraps that. Its shutdown becomes the registry's drain's: a pool executor
 * accepts tasks until the drain begins (after the web server's graceful shutdown), not only until the context
 * closes, and Spring's own shutdown later finds nothing left to cancel.
 * <p>
 * Boot's own executors and schedulers (those left when {@code managed-workers.adopt.async} or {@code .scheduled} is
 * {@code false}) stay Spring's, as those properties promise. A plain {@link ThreadPoolExecutor} bean is not owned
 * (wrapping its tasks would change its type); its threads are named by their bean in {@code ?view=unowned}.
 */
final class OwnedExecutors implements BeanPostProcessor, Ordered {

	private static final Log logger = LogFactory.getLog(OwnedExecutors.class);

	private final ObjectProvider<WorkerRegistry> registry;

	private final ObjectProvider<WorkerSources> sources;

	private final ObjectProvider<WorkerSpecResolver> specs;

	private final ConfigurableListableBeanFactory beanFactory;

	OwnedExecutors(ObjectProvider<WorkerRegistry> registry, ObjectProvider<WorkerSources> sources,
			ObjectProvider<WorkerSpecResolver> specs, ConfigurableListableBeanFactory beanFactory) {
		this.registry = registry;
		this.sources = sources;
		this.specs = specs;
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof ThreadPoolExecutor pool && isApplicationSingleton(beanName)) {
			nameThreads(pool, beanName);
			return bean;
		}
		if (!(bean instanceof ThreadPoolTaskExecutor || bean instanceof ThreadPoolTaskScheduler
				|| bean instanceof SimpleAsyncTaskExecutor) || !isApplicationSingleton(beanName)) {
			return bean;
		}
		Field decoratorField = ReflectionUtils.findField(bean.getClass(), "taskDecorator", TaskDecorator.class);
		if (decoratorField == null) {
			logger.warn("Executor '" + beanName + "' is not owned by the worker registry: this Spring version keeps its "
					+ "task decorator where the starter cannot chain its own after it");
			return bean;
		}
		WorkerRegistry workers = this.registry.getObject();
		this.sources.getObject().adopted(beanName, WorkerSources.EXECUTOR);
		ExecutorWorker worker = workers.register(this.specs.getObject().spec(new ExecutorWorkerSource(beanName, bean)),
				ExecutorControls.of(bean));
		ReflectionUtils.makeAccessible(decoratorField);
		@Nullable TaskDecorator own = (TaskDecorator) ReflectionUtils.getField(decoratorField, bean);
		OwningTaskDecorator decorator = new OwningTaskDecorator(own, worker,
				!(bean instanceof ThreadPoolTaskExecutor), bean instanceof SimpleAsyncTaskExecutor);
		if (bean instanceof ExecutorConfigurationSupport pooled) {
			// The registry's drain decides when it stops taking tasks: after the web server's graceful shutdown,
			// where Spring's early shutdown would refuse the tasks of the requests still in flight.
			pooled.setAcceptTasksAfterContextClose(true);
		}
		if (bean instanceof ThreadPoolTaskExecutor executor) {
			executor.setTaskDecorator(decorator);
			forgetDecoratedTasks(executor);
		}
		else if (bean instanceof ThreadPoolTaskScheduler scheduler) {
			scheduler.setTaskDecorator(decorator);
		}
		else {
			((SimpleAsyncTaskExecutor) bean).setTaskDecorator(decorator);
		}
		return bean;
	}

	/**
	 * Spring keeps each decorated task of a {@link ThreadPoolTaskExecutor} in a weak map to its original, only to
	 * cancel the original's future if its shutdown finds the task still queued; a weak reference per task made a task
	 * cost ten times as much (benchmark section 8). The worker's decorator keeps the original itself
	 * ({@link OwningTaskDecorator.ExecutorTask}) and the drain cancels it, so the map is replaced by one that keeps
	 * nothing. Where this Spring version has no such map, nothing changes but the cost.
	 */
	private static void forgetDecoratedTasks(ThreadPoolTaskExecutor executor) {
		Field field = ReflectionUtils.findField(ThreadPoolTaskExecutor.class, "decoratedTaskMap", Map.class);
		if (field == null) {
			return;
		}
		ReflectionUtils.makeAccessible(field);
		try {
			ReflectionUtils.setField(field, executor, new ForgetfulMap());
		}
		catch (RuntimeException ex) {
			logger.debug("Spring's map of decorated tasks stays", ex);
		}
	}

	/** A map that keeps nothing: what Spring looks up in it, the worker's drain has handled already. */
	private static final class ForgetfulMap extends AbstractMap<Runnable, Object> {

		@Override
		public @Nullable Object put(Runnable key, Object value) {
			return null;
		}

		@Override
		public Set<Entry<Runnable, Object>> entrySet() {
			return Set.of();
		}

	}

	/**
	 * A plain {@code ExecutorService} bean is not owned: its tasks cannot be tracked without replacing the bean by one
	 * of another type. Its pool's threads are named by their bean in {@code ?view=unowned} instead.
	 */
	private void nameThreads(ThreadPoolExecutor pool, String beanName) {
		WorkerSources workerSources = this.sources.getObject();
		ThreadFactory own = pool.getThreadFactory();
		pool.setThreadFactory((runnable) -> {
			Thread thread = own.newThread(runnable);
			workerSources.executorServiceThread(thread, beanName);
			return thread;
		});
	}

	/** A singleton the application defines: not Boot's auto-configured one, nor an inner or prototype bean. */
	private boolean isApplicationSingleton(String beanName) {
		if (!this.beanFactory.containsBeanDefinition(beanName)) {
			return false;
		}
		if (!this.beanFactory.getMergedBeanDefinition(beanName).isSingleton()) {
			return false;
		}
		BeanDefinition definition = this.beanFactory.getBeanDefinition(beanName);
		MethodMetadata factoryMethod = (definition instanceof AnnotatedBeanDefinition annotated)
				? annotated.getFactoryMethodMetadata() : null;
		String declaredBy = (factoryMethod != null) ? factoryMethod.getDeclaringClassName() : definition.getBeanClassName();
		return declaredBy == null || !declaredBy.startsWith("org.springframework.boot.");
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
