package io.github.managedworkers.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's Markdown documentation, as the documentation tests check it and, on request, rewrite it.
 */
final class Docs {

	/** The one command that brings the generated parts of the documentation up to date. */
	static final String UPDATE_COMMAND = "./mvnw -B -ntp -pl autoconfigure -am test "
			+ "-Dtest='DocumentationSnippetsTests,PropertiesReferenceTests' -Dsurefire.failIfNoSpecifiedTests=false "
			+ "-Dmanaged-workers.docs.update=true";

	private Docs() {
	}

	/** The repository's root: the tests run in the autoconfigure folder. */
	static Path root() {
		Path root = Path.of("").toAbsolutePath().getParent();
		assertThat(root.resolve("README.md")).as("the repository's README beside " + Path.of("").toAbsolutePath())
			.isRegularFile();
		return root;
	}

	static boolean updating() {
		return Boolean.getBoolean("managed-workers.docs.update");
	}

	static String read(Path file) throws IOException {
		return Files.readString(file).replace("\r\n", "\n");
	}

	/**
	 * Checks that a file holds what the build generates; rewrites it instead with
	 * {@code -Dmanaged-workers.docs.update=true}.
	 */
	static void assertUpToDate(Path file, String generated) throws IOException {
		if (updating()) {
			Files.writeString(file, generated);
			return;
		}
		assertThat(Files.exists(file) ? read(file) : "")
			.as("%s is out of date; regenerate it with:%n    %s%n", root().relativize(file), UPDATE_COMMAND)
			.isEqualTo(generated);
	}

}
