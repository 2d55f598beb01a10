package io.github.managedworkers.autoconfigure.adoption;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.Schedules;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.autoconfigure.WorkerSources;

/**
 * Remembers the name of every bean that has {@code @Scheduled} methods, raw and proxied, so that a scheduled method's
 * worker is named {@code <bean>.<method>}: Spring hands the scheduler only the target object. Each instance is
 * forgotten when it is destroyed (a prototype, a {@code @RefreshScope} bean), so none is kept alive here.
 */
final class ScheduledBeanNames implements DestructionAwareBeanPostProcessor, Ordered {

	private final Map<Object, String> names = Collections.synchronizedMap(new IdentityHashMap<>());

	private final Map<Class<?>, Set<Method>> scheduledMethods = new ConcurrentHashMap<>();

	private final ObjectProvider<WorkerSources> sources;

	ScheduledBeanNames(ObjectProvider<WorkerSources> sources) {
		this.sources = sources;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		Set<Method> methods = scheduledMethods(AopUtils.getTargetClass(bean));
		if (!methods.isEmpty()) {
			this.names.put(bean, beanName);
			// Known before Spring schedules them, so that managed-workers.workers.<bean.method>.* is accepted.
			WorkerSources sources = this.sources.getObject();
			for (Method method : methods) {
				sources.adopted(workerName(beanName, method), WorkerSources.SCHEDULED);
				sources.adoptedScheduledMethod(method);
			}
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!scheduledMethods(AopUtils.getTargetClass(bean)).isEmpty()) {
			this.names.put(bean, beanName);
		}
		return bean;
	}

	/** A destroyed prototype or {@code @RefreshScope} instance is let go of, so that it can be collected. */
	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) {
		this.names.remove(bean);
		Object target = AopProxyUtils.getSingletonTarget(bean);
		if (target != null) {
			this.names.remove(target);
		}
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return this.names.containsKey(bean);
	}

	/** Before Spring's own processor, which schedules the methods in its after-initialization callback. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Nullable String beanName(Object target) {
		return this.names.get(target);
	}

	/** {@code <bean>.<method>}, unless a {@code @ManagedWorker} on the method names the worker. */
	static String workerName(String beanName, Method method) {
		ManagedWorker annotation = AnnotatedElementUtils.findMergedAnnotation(method, ManagedWorker.class);
		if (annotation != null && !annotation.name().isEmpty()) {
			return annotation.name();
		}
		return sanitize(beanName) + "." + method.getName();
	}

	/** Worker names allow letters, digits, '.', '_' and '-'; bean names may hold more ('#' of inner beans). */
	static String sanitize(String name) {
		StringBuilder out = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean allowed = Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-';
			out.append((allowed && !(i == 0 && !Character.isLetterOrDigit(c))) ? c : '_');
		}
		if (out.length() > 0 && !Character.isLetterOrDigit(out.charAt(0))) {
			out.insert(0, 'x');
		}
		return out.toString();
	}

	private Set<Method> scheduledMethods(Class<?> type) {
		return this.scheduledMethods.computeIfAbsent(type, (candidate) -> {
			if (!AnnotationUtils.isCandidateClass(candidate, Set.of(Scheduled.class, Schedules.class))) {
				return Set.of();
			}
			return MethodIntrospector
				.selectMethods(candidate,
						(MethodIntrospector.MetadataLookup<Boolean>) (method) -> AnnotatedElementUtils
							.hasAnnotation(method, Scheduled.class)
								|| AnnotatedElementUtils.hasAnnotation(method, Schedules.class) ? Boolean.TRUE
										: null)
				.keySet();
		});
	}

}
