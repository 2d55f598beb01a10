package io.github.managedworkers.autoconfigure.observability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP to the running application, over {@link HttpURLConnection} (which starts no threads of its own).
 */
public final class Http {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final int port;

	private String user;

	public Http(int port) {
		this.port = port;
	}

	Http as(String user) {
		Http http = new Http(this.port);
		http.user = user;
		return http;
	}

	public Response get(String path) throws IOException {
		return send("GET", path, null);
	}

	public Response post(String path, String body) throws IOException {
		return send("POST", path, body);
	}

	private Response send(String method, String path, String body) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + this.port + path)
			.toURL()
			.openConnection();
		connection.setRequestMethod(method);
		if (this.user != null) {
			connection.setRequestProperty("X-Test-User", this.user);
		}
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
			String text = (stream != null) ? new String(stream.readAllBytes(), StandardCharsets.UTF_8) : "";
			return new Response(status, text);
		}
		finally {
			connection.disconnect();
		}
	}

	/**
	 * A response: its status and body.
	 *
	 * @param status the HTTP status
	 * @param body the body as text
	 */
	public record Response(int status, String body) {

		/**
		 * The body as JSON.
		 * @return the parsed body
		 */
		public JsonNode json() {
			return Http.json.readTree(this.body);
		}

	}

}
