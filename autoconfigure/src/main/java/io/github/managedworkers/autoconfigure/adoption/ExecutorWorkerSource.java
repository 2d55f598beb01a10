package io.github.managedworkers.autoconfigure.adoption;

import java.util.List;
import java.util.Set;

import io.github.managedworkers.autoconfigure.WorkerSetting;
import io.github.managedworkers.autoconfigure.WorkerSpecSource;

/**
 * An executor or scheduler bean of the application as the source of its worker: the bean's own pool sizes, queue and
 * rejection policy stay what the application set on the bean, so the settings that would bound, queue or schedule
 * its tasks are locked; {@code stuck-after} comes from the properties as for any worker.
 */
final class ExecutorWorkerSource implements WorkerSpecSource {

	static final String BEANS_OWN = "the executor bean keeps its own pool sizes, queue and rejection policy: set them "
			+ "on the bean (a resize over the workers endpoint changes its pool size live)";

	private final String beanName;

	private final String type;

	ExecutorWorkerSource(String beanName, Object bean) {
		this.beanName = beanName;
		this.type = bean.getClass().getName();
	}

	@Override
	public String name() {
		return this.beanName;
	}

	@Override
	public String declaration() {
		return "the application's " + this.type + " bean '" + this.beanName + "'";
	}

	@Override
	public void own(Settings settings) {
		Set<WorkerSetting> locked = WorkerSetting.ofABody();
		locked.addAll(List.of(WorkerSetting.MAX_CONCURRENCY, WorkerSetting.MAX_WAIT, WorkerSetting.QUEUE_CAPACITY));
		settings.fixed(locked, BEANS_OWN);
	}

}
