package io.github.managedworkers.autoconfigure.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Just enough JSON to read the JDK's thread dump, so that the unowned-threads view needs no JSON library of the
 * application's (a copy of the test module's reader, which production code cannot depend on).
 */
final class ThreadDumpJson {

	private final String text;

	private int pos;

	private ThreadDumpJson(String text) {
		this.text = text;
	}

	/**
	 * Parses a JSON document into maps, lists, strings, numbers (as strings), booleans and nulls.
	 * @param text the document
	 * @return the parsed value
	 */
	static @Nullable Object parse(String text) {
		ThreadDumpJson json = new ThreadDumpJson(text);
		Object value = json.value();
		json.skipWhitespace();
		if (json.pos != text.length()) {
			throw json.error("end of document");
		}
		return value;
	}

	private @Nullable Object value() {
		skipWhitespace();
		if (this.pos >= this.text.length()) {
			throw error("a value");
		}
		char c = this.text.charAt(this.pos);
		switch (c) {
			case '{':
				return object();
			case '[':
				return array();
			case '"':
				return string();
			case 't':
				return literal("true", Boolean.TRUE);
			case 'f':
				return literal("false", Boolean.FALSE);
			case 'n':
				return literal("null", null);
			default:
				return number();
		}
	}

	private Map<String, Object> object() {
		Map<String, Object> map = new LinkedHashMap<>();
		this.pos++;
		skipWhitespace();
		if (peek() == '}') {
			this.pos++;
			return map;
		}
		while (true) {
			skipWhitespace();
			String key = string();
			skipWhitespace();
			expect(':');
			map.put(key, value());
			skipWhitespace();
			if (peek() == ',') {
				this.pos++;
				continue;
			}
			expect('}');
			return map;
		}
	}

	private List<Object> array() {
		List<Object> list = new ArrayList<>();
		this.pos++;
		skipWhitespace();
		if (peek() == ']') {
			this.pos++;
			return list;
		}
		while (true) {
			list.add(value());
			skipWhitespace();
			if (peek() == ',') {
				this.pos++;
				continue;
			}
			expect(']');
			return list;
		}
	}

	private String string() {
		expect('"');
		StringBuilder sb = new StringBuilder();
		while (this.pos < this.text.length()) {
			char c = this.text.charAt(this.pos++);
			if (c == '"') {
				return sb.toString();
			}
			if (c != '\\') {
				sb.append(c);
				continue;
			}
			char e = this.text.charAt(this.pos++);
			switch (e) {
				case 'n' -> sb.append('\n');
				case 't' -> sb.append('\t');
				case 'r' -> sb.append('\r');
				case 'b' -> sb.append('\b');
				case 'f' -> sb.append('\f');
				case 'u' -> {
					sb.append((char) Integer.parseInt(this.text.substring(this.pos, this.pos + 4), 16));
					this.pos += 4;
				}
				default -> sb.append(e);
			}
		}
		throw error("a closing quote");
	}

	private @Nullable Object literal(String word, @Nullable Object value) {
		if (!this.text.startsWith(word, this.pos)) {
			throw error(word);
		}
		this.pos += word.length();
		return value;
	}

	private String number() {
		int start = this.pos;
		while (this.pos < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.pos)) >= 0) {
			this.pos++;
		}
		if (start == this.pos) {
			throw error("a value");
		}
		return this.text.substring(start, this.pos);
	}

	private char peek() {
		return (this.pos < this.text.length()) ? this.text.charAt(this.pos) : '\0';
	}

	private void expect(char c) {
		if (peek() != c) {
			throw error("'" + c + "'");
		}
		this.pos++;
	}

	private void skipWhitespace() {
		while (this.pos < this.text.length() && Character.isWhitespace(this.text.charAt(this.pos))) {
			this.pos++;
		}
	}

	private IllegalStateException error(String expected) {
		return new IllegalStateException("Unreadable JVM thread dump: expected " + expected + " at offset " + this.pos);
	}

}
