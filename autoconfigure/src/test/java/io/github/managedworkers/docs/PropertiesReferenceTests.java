package io.github.managedworkers.docs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/properties.md is generated from the configuration metadata that the build produces
 * (META-INF/spring-configuration-metadata.json): every key with its type, default and description. Regenerate it with
 * {@link Docs#UPDATE_COMMAND}.
 */
class PropertiesReferenceTests {

	/** Sections of the reference, by key prefix, in order. */
	private static final Map<String, String> SECTIONS = sections();

	@Test
	void propertiesReferenceIsGeneratedFromTheMetadata() throws IOException {
		Docs.assertUpToDate(Docs.root().resolve("docs/properties.md"), render(properties()));
	}

	@Test
	void everyKeyOfTheMetadataIsInASection() throws IOException {
		assertThat(properties()).extracting((property) -> property.path("name").asString())
			.allSatisfy((name) -> assertThat(SECTIONS.keySet()).anySatisfy((prefix) -> assertThat(name).startsWith(prefix)));
	}

	private static Map<String, String> sections() {
		Map<String, String> sections = new LinkedHashMap<>();
		sections.put("managed-workers.", "Workers (`managed-workers.*`)");
		sections.put("management.endpoint.workers.", "The `workers` actuator endpoint (`management.endpoint.workers.*`)");
		sections.put("management.health.workers.", "The `workers` health contributor (`management.health.workers.*`)");
		return sections;
	}

	private static List<JsonNode> properties() throws IOException {
		List<JsonNode> properties = new ArrayList<>();
		try (InputStream json = PropertiesReferenceTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(json).as("the configuration metadata of the build").isNotNull();
			JsonMapper.builder().build().readTree(json).get("properties").forEach(properties::add);
		}
		properties.sort(Comparator.comparing((JsonNode property) -> property.path("name").asString()));
		return properties;
	}

	static String render(List<JsonNode> properties) {
		StringBuilder md = new StringBuilder();
		md.append("# Configuration properties\n\n");
		md.append("<!-- Generated from the configuration metadata by PropertiesReferenceTests: do not edit. "
				+ "Regenerate with\n     ")
			.append(Docs.UPDATE_COMMAND)
			.append(" -->\n\n");
		md.append("Every property of managed-workers, generated from the configuration metadata that the build "
				+ "produces (and that IDEs show). How a worker's settings combine, and what bad values do, is in "
				+ "[Spring Boot integration](spring-boot.md).\n");
		SECTIONS.forEach((prefix, title) -> {
			md.append("\n## ").append(title).append("\n\n");
			md.append("| key | type | default | description |\n|---|---|---|---|\n");
			for (JsonNode property : properties) {
				String name = property.path("name").asString();
				if (!name.startsWith(prefix)) {
					continue;
				}
				md.append("| `")
					.append(name)
					.append("` | ")
					.append(code(simpleType(property.path("type").asString())))
					.append(" | ")
					.append(code(defaultValue(property.path("defaultValue"))))
					.append(" | ")
					.append(cell(property.path("description").asString()))
					.append(" |\n");
			}
		});
		md.append("\n---\n\n[Back to the README](../README.md)\n");
		return md.toString();
	}

	/** {@code java.util.Map<java.lang.String,a.b.Outer$Inner>} as {@code Map<String, Inner>}. */
	static String simpleType(String type) {
		return type.replaceAll("[\\w.]*[.$](\\w+)", "$1").replace(",", ", ");
	}

	private static String defaultValue(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return "";
		}
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asString()));
			return String.join(",", items);
		}
		return value.asString();
	}

	private static String code(String text) {
		return text.isEmpty() ? "" : "`" + text + "`";
	}

	private static String cell(String text) {
		return text.replace("|", "\\|").replace("\n", " ");
	}

}
