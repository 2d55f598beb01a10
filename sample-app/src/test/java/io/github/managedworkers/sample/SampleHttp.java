package io.github.managedworkers.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP to the sample app, in-process or in another JVM, over {@link HttpURLConnection} (which starts no thread
 * of its own).
 */
final class SampleHttp {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final int port;

	SampleHttp(int port) {
		this.port = port;
	}

	Response get(String path) throws IOException {
		return send("GET", path, null);
	}

	Response post(String path, String body) throws IOException {
		return send("POST", path, body);
	}

	private Response send(String method, String path, String body) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + this.port + path)
			.toURL()
			.openConnection();
		connection.setRequestMethod(method);
		connection.setConnectTimeout(5_000);
		connection.setReadTimeout(30_000);
		if (body != null) {
			connection.setDoOutput(true);
			connection.setRequestProperty("Content-Type", "application/json");
			try (OutputStream out = connection.getOutputStream()) {
				out.write(body.getBytes(StandardCharsets.UTF_8));
			}
		}
		try {
			int status = connection.getResponseCode();
			InputStream stream = (status < 400) ? connection.getInputStream() : connection.getErrorStream();
			return new Response(status, (stream != null) ? new String(stream.readAllBytes(), StandardCharsets.UTF_8) : "");
		}
		finally {
			connection.disconnect();
		}
	}

	record Response(int status, String body) {

		JsonNode json() {
			return SampleHttp.json.readTree(this.body);
		}

	}

}
