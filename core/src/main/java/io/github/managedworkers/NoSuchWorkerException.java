package io.github.managedworkers;

import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * No worker has the name that was asked for. The message lists the names that exist.
 */
public class NoSuchWorkerException extends NoSuchElementException {

	private static final long serialVersionUID = 1L;

	private final String name;

	private final List<String> knownNames;

	/**
	 * Creates an exception for an unknown name.
	 * @param name the name asked for
	 * @param knownNames the names of the registered workers
	 */
	public NoSuchWorkerException(String name, Collection<String> knownNames) {
		super("No worker named '" + name + "'; known workers: " + knownNames.stream().sorted().toList());
		this.name = name;
		this.knownNames = knownNames.stream().sorted().toList();
	}

	/**
	 * The name that was asked for.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The names of the registered workers, sorted.
	 * @return the known names
	 */
	public List<String> knownNames() {
		return this.knownNames;
	}

}
