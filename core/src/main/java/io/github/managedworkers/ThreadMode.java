package io.github.managedworkers;

/**
 * Which threads run the bodies and tasks of workers.
 */
public enum ThreadMode {

	/** Virtual threads on Java 21 and later, platform threads before. */
	AUTO,

	/** Virtual threads; needs Java 21 or later. */
	VIRTUAL,

	/** Platform (daemon) threads, one per task. */
	PLATFORM

}
