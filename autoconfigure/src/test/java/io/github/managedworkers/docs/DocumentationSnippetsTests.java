package io.github.managedworkers.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java examples of the README and of docs/ that are marked as compiled are the same as the compiled code.
 * <p>
 * A marked example is a {@code java} code block right after a comment
 * {@code <!-- snippet: core/src/test/java/.../QuickStart.java#quick-start -->}: the block must hold the lines of that
 * file between {@code // tag::quick-start[]} and {@code // end::quick-start[]}, less their common indentation, with
 * tabs written as four spaces.
 */
class DocumentationSnippetsTests {

	private static final Pattern SNIPPET = Pattern
		.compile("<!-- snippet: (?<file>[^#\\s]+)#(?<region>[\\w-]+) -->\n```java\n(?<code>.*?)```", Pattern.DOTALL);

	@Test
	void markedExamplesAreTheCompiledCode() throws IOException {
		Path root = Docs.root();
		List<String> checked = new ArrayList<>();
		for (Path doc : documents(root)) {
			String text = Docs.read(doc);
			Matcher snippet = SNIPPET.matcher(text);
			StringBuilder updated = new StringBuilder();
			while (snippet.find()) {
				Path source = root.resolve(snippet.group("file"));
				assertThat(source).as("the file of a snippet in %s", root.relativize(doc)).isRegularFile();
				String region = region(source, snippet.group("region"));
				assertThat(snippet.group("code"))
					.as("The example in %s differs from %s#%s; copy it from there, or run:%n    %s%n",
							root.relativize(doc), snippet.group("file"), snippet.group("region"), Docs.UPDATE_COMMAND)
					.isEqualTo(Docs.updating() ? snippet.group("code") : region);
				snippet.appendReplacement(updated, Matcher.quoteReplacement(snippet.group().replace(
						"```java\n" + snippet.group("code"), "```java\n" + region)));
				checked.add(root.relativize(doc) + " <- " + snippet.group("file"));
			}
			snippet.appendTail(updated);
			if (Docs.updating()) {
				Files.writeString(doc, updated.toString());
			}
		}
		assertThat(checked).as("snippets found").hasSizeGreaterThanOrEqualTo(3);
	}

	private static List<Path> documents(Path root) throws IOException {
		List<Path> documents = new ArrayList<>();
		documents.add(root.resolve("README.md"));
		try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		return documents;
	}

	/** The lines between the region's tags, less their common indentation, tabs as four spaces. */
	static String region(Path source, String region) throws IOException {
		List<String> lines = List.of(Docs.read(source).split("\n", -1));
		int start = indexOf(lines, "// tag::" + region + "[]", source);
		int end = indexOf(lines, "// end::" + region + "[]", source);
		List<String> body = lines.subList(start + 1, end).stream().map(DocumentationSnippetsTests::expandTabs).toList();
		int indent = body.stream()
			.filter((line) -> !line.isBlank())
			.mapToInt((line) -> line.length() - line.stripLeading().length())
			.min()
			.orElse(0);
		StringBuilder code = new StringBuilder();
		for (String line : body) {
			code.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
		}
		return code.toString();
	}

	private static int indexOf(List<String> lines, String tag, Path source) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).strip().equals(tag)) {
				return i;
			}
		}
		throw new AssertionError("No line '" + tag + "' in " + source);
	}

	private static String expandTabs(String line) {
		int tabs = 0;
		while (tabs < line.length() && line.charAt(tabs) == '\t') {
			tabs++;
		}
		return "    ".repeat(tabs) + line.substring(tabs);
	}

}
