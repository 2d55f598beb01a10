package io.github.managedworkers.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.Schedules;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

import io.github.managedworkers.InvalidWorkerSpecException;
import io.github.managedworkers.LeaseStore;
import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.Worker;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;

/**
 * Finds the {@link ManagedWorker @ManagedWorker} beans and methods once every singleton exists, and registers each
 * as a worker of the registry. A singleton bean is called as it is (through its proxy, so {@code @Transactional} and
 * other advice apply); a prototype bean is asked for a fresh instance each time its body starts.
 */
class ManagedWorkerRegistrar implements SmartInitializingSingleton {

	private static final Set<String> UNSUPPORTED_SCOPES = Set.of("request", "session");

	/** A worker name, as {@link WorkerSpec#builder(String)} checks it. */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

	private static final Pattern NOT_IN_NAME = Pattern.compile("[^A-Za-z0-9._-]");

	private static final Pattern LEADING_NOT_ALPHANUMERIC = Pattern.compile("^[^A-Za-z0-9]+");

	private final WorkerRegistry registry;

	private final WorkerSpecResolver specs;

	/** The worker names that properties configure, each with the keys that name it. */
	private final Map<String, List<String>> configuredNames;

	private final WorkerSources sources;

	private final ConfigurableListableBeanFactory beanFactory;

	/** Where each registered worker was declared, by worker name. */
	private final Map<String, String> declared = new LinkedHashMap<>();

	ManagedWorkerRegistrar(WorkerRegistry registry, WorkerSpecResolver specs, Map<String, List<String>> configuredNames,
			ConfigurableListableBeanFactory beanFactory, WorkerSources sources) {
		this.registry = registry;
		this.specs = specs;
		this.configuredNames = configuredNames;
		this.beanFactory = beanFactory;
		this.sources = sources;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ConfigurableListableBeanFactory factory = this.beanFactory;
		for (String beanName : factory.getBeanNamesForType(Object.class, true, false)) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				continue; // reached through its scoped proxy
			}
			Class<?> type = factory.getType(beanName, false);
			if (type == null || !AnnotationUtils.isCandidateClass(type, ManagedWorker.class)) {
				continue;
			}
			Class<?> userType = ClassUtils.getUserClass(type);
			ManagedWorker onType = AnnotatedElementUtils.findMergedAnnotation(userType, ManagedWorker.class);
			if (onType != null) {
				registerType(beanName, userType, onType);
			}
			Map<Method, ManagedWorker> methods = MethodIntrospector.selectMethods(userType,
					(MethodIntrospector.MetadataLookup<ManagedWorker>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, ManagedWorker.class));
			methods.forEach((method, annotation) -> registerMethod(beanName, userType, method, annotation));
		}
		checkConfiguredNames();
	}

	private void registerType(String beanName, Class<?> type, ManagedWorker annotation) {
		String where = "bean '" + beanName + "' (" + type.getName() + ")";
		if (!Worker.class.isAssignableFrom(type)) {
			throw new InvalidManagedWorkerException(
					"@ManagedWorker is on " + where + ", which does not implement " + Worker.class.getName() + ".",
					"Implement Worker on " + type.getSimpleName()
							+ ", or put @ManagedWorker on one of its methods that takes no argument or a WorkerContext.");
		}
		Supplier<Object> bean = beanSupplier(beanName, where);
		register(annotation.name().isEmpty() ? defaultName(beanName, type) : annotation.name(), annotation, where,
				(ctx) -> ((Worker) bean.get()).run(ctx));
	}

	private void registerMethod(String beanName, Class<?> type, Method method, ManagedWorker annotation) {
		String where = type.getName() + "." + method.getName() + "() of bean '" + beanName + "'";
		Class<?>[] parameters = method.getParameterTypes();
		boolean takesContext = parameters.length == 1 && parameters[0] == WorkerContext.class;
		if (parameters.length > 1 || (parameters.length == 1 && !takesContext)) {
			throw new InvalidManagedWorkerException(
					"@ManagedWorker method " + method.toGenericString() + " of bean '" + beanName
							+ "' takes parameters that a worker cannot give.",
					"Make " + method.getName() + " take no argument, or one " + WorkerContext.class.getName() + ".");
		}
		if (Modifier.isStatic(method.getModifiers()) || Modifier.isPrivate(method.getModifiers())) {
			throw new InvalidManagedWorkerException(
					"@ManagedWorker method " + method.toGenericString() + " of bean '" + beanName
							+ "' is static or private: the worker calls it on the bean, through its proxy.",
					"Make " + method.getName() + " an instance method that is not private.");
		}
		Supplier<Object> bean = beanSupplier(beanName, where);
		// Checked now, for a clear startup error; a prototype's proxy class is checked again on each start.
		invocableMethod(bean.get(), method, where);
		if (isScheduled(method)) {
			checkScheduleAdopted(method, where);
			return; // the adopted scheduler makes it a worker, on Spring's schedule, with the annotation's settings
		}
		String name = annotation.name().isEmpty() ? defaultName(beanName, type) + "." + method.getName()
				: annotation.name();
		register(name, annotation, where, (ctx) -> {
			Object instance = bean.get();
			try {
				invocableMethod(instance, method, where).invoke(instance,
						takesContext ? new Object[] { ctx } : new Object[0]);
			}
			catch (InvocationTargetException ex) {
				// The body's own failure, not reflection's wrapper, is what gets logged and counted.
				Throwable cause = ex.getCause();
				if (cause instanceof Exception exception) {
					throw exception;
				}
				throw (Error) cause;
			}
		});
	}

	private static boolean isScheduled(Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, Scheduled.class)
				|| AnnotatedElementUtils.hasAnnotation(method, Schedules.class);
	}

	/**
	 * A method both {@code @Scheduled} and {@code @ManagedWorker} is one worker, on Spring's schedule, only when the
	 * starter's scheduler runs it: on a scheduler of Spring's, a second worker would run it a second time.
	 */
	private void checkScheduleAdopted(Method method, String where) {
		if (!this.sources.isAdoptedScheduledMethod(method)) {
			throw new InvalidManagedWorkerException("@ManagedWorker is on " + where + ", which is also @Scheduled, "
					+ "but its schedule runs on a scheduler that is not the starter's (managed-workers.adopt.scheduled"
					+ "=false, or the application defines a TaskScheduler): a worker would run the method a second "
					+ "time.",
					"Remove @ManagedWorker from the method, or let the starter adopt @Scheduled methods "
							+ "(managed-workers.adopt.scheduled=true and no TaskScheduler bean of the application's).");
		}
	}

	/**
	 * The default worker name of a bean: its bean name, unless that is not a valid worker name. {@code @Import} names
	 * a bean after its class's binary name, {@code com.example.Jobs$Nightly} for a nested class: such a bean is named
	 * as Spring names a scanned one, after its short class name ({@code jobs.Nightly}). Any other character a worker
	 * name cannot have (the {@code #0} of a generated bean name) becomes {@code -}.
	 */
	static String defaultName(String beanName, Class<?> type) {
		if (NAME.matcher(beanName).matches()) {
			return beanName;
		}
		String name = beanName;
		if (name.startsWith(type.getName())) {
			name = StringUtils.uncapitalizeAsProperty(ClassUtils.getShortName(type))
					+ name.substring(type.getName().length());
		}
		name = NOT_IN_NAME.matcher(name).replaceAll("-");
		return LEADING_NOT_ALPHANUMERIC.matcher(name).replaceFirst("");
	}

	private static Method invocableMethod(Object instance, Method method, String where) {
		try {
			Method invocable = AopUtils.selectInvocableMethod(method, instance.getClass());
			ReflectionUtils.makeAccessible(invocable);
			return invocable;
		}
		catch (IllegalStateException ex) {
			throw new InvalidManagedWorkerException("@ManagedWorker method " + where
					+ " cannot be called through the bean's JDK proxy: " + ex.getMessage(),
					"Declare the method on an interface the bean implements, or use class-based proxies "
							+ "(spring.aop.proxy-target-class=true).",
					ex);
		}
	}

	/**
	 * How a body reaches its bean: a singleton (or scoped proxy) once, a prototype afresh on each start.
	 */
	private Supplier<Object> beanSupplier(String beanName, String where) {
		ConfigurableListableBeanFactory factory = this.beanFactory;
		String scope = scopeOf(beanName);
		if (UNSUPPORTED_SCOPES.contains(scope)) {
			throw new InvalidManagedWorkerException(
					"@ManagedWorker is on " + where + ", which has scope '" + scope
							+ "': a worker outlives every request and session.",
					"Make the bean a singleton or a prototype, and hand request data to the worker instead.");
		}
		if (BeanDefinition.SCOPE_PROTOTYPE.equals(scope)) {
			return () -> factory.getBean(beanName);
		}
		Object singleton = factory.getBean(beanName);
		return () -> singleton;
	}

	private String scopeOf(String beanName) {
		ConfigurableListableBeanFactory factory = this.beanFactory;
		if (!factory.containsBeanDefinition(beanName)) {
			return BeanDefinition.SCOPE_SINGLETON; // registered as an instance
		}
		String target = ScopedProxyUtils.getTargetBeanName(beanName);
		String scope = factory.containsBeanDefinition(target) ? factory.getBeanDefinition(target).getScope()
				: factory.getBeanDefinition(beanName).getScope();
		return (scope == null || scope.isEmpty()) ? BeanDefinition.SCOPE_SINGLETON : scope;
	}

	private void register(String name, ManagedWorker annotation, String where, Worker body) {
		String previous = this.declared.get(name);
		if (previous != null) {
			throw new InvalidManagedWorkerException(
					"Two @ManagedWorker are named '" + name + "': " + previous + " and " + where + ".",
					"Give one of them another name with @ManagedWorker(name = \"...\").");
		}
		try {
			WorkerSpec.builder(name);
		}
		catch (InvalidWorkerSpecException ex) {
			throw new InvalidManagedWorkerException(
					"Invalid worker name '" + name + "' for @ManagedWorker on " + where + ": allowed is "
							+ ex.allowed() + ".",
					"Name the worker with @ManagedWorker(name = \"...\"), using " + ex.allowed() + ".", ex);
		}
		try {
			this.specs.register(this.registry, new ManagedWorkerSource(name, annotation, where), body);
		}
		catch (InvalidWorkerSpecException ex) {
			throw new InvalidManagedWorkerException("Cannot register @ManagedWorker on " + where + ": "
					+ ex.getMessage() + ".", "Give the worker a name no other worker has.", ex);
		}
		this.declared.put(name, where);
	}

	/**
	 * Fails on properties of a worker that does not exist: a typo, or a dotted name written without brackets, which
	 * Spring Boot binds to the name's first part.
	 */
	private void checkConfiguredNames() {
		Set<String> known = new TreeSet<>(this.declared.keySet());
		known.addAll(this.sources.adoptedNames());
		for (Map.Entry<String, List<String>> configured : new TreeMap<>(this.configuredNames).entrySet()) {
			String name = configured.getKey();
			if (known.contains(name)) {
				continue;
			}
			String key = "managed-workers.workers." + name;
			for (String written : configured.getValue()) {
				String rest = written.substring("managed-workers.workers.".length());
				for (String candidate : known) {
					if (candidate.indexOf('.') > 0 && rest.startsWith(candidate + ".")) {
						String bracketed = WorkerSpecResolver.prefix(candidate)
								+ rest.substring(candidate.length() + 1);
						throw new InvalidManagedWorkerException(written + " configures a worker named '" + name
								+ "', which does not exist: a worker name with a dot goes in brackets, as Spring Boot "
								+ "writes a map key with a dot: " + bracketed + " (in YAML, the key \"[" + candidate
								+ "]\" under managed-workers.workers).",
								"Write " + bracketed + " instead of " + written + ".");
					}
				}
			}
			throw new InvalidManagedWorkerException(
					key + " configures a worker that does not exist: no worker is named '" + name
							+ "'. Known workers: " + known + ".",
					"Correct the worker name in " + key + ".*, or remove those properties; a name with a dot goes "
							+ "in brackets: managed-workers.workers[name.with.dots].*.");
		}
	}

}
