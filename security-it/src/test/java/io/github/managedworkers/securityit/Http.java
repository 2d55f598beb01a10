package io.github.managedworkers.securityit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP to the running application as one caller, over {@link HttpURLConnection} (which starts no threads of its
 * own): anonymous, or with HTTP Basic credentials.
 */
final class Http {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final int port;

	private final String authorization;

	private Http(int port, String authorization) {
		this.port = port;
		this.authorization = authorization;
	}

	static Http anonymous(int port) {
		return new Http(port, null);
	}

	static Http as(int port, String user, String password) {
		String credentials = user + ":" + password;
		return new Http(port,
				"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
	}

	Response get(String path) throws IOException {
		return send("GET", path, null, null);
	}

	Response postJson(String path, String body) throws IOException {
		return send("POST", path, "application/json", body);
	}

	Response post(String path, String contentType, String body) throws IOException {
		return send("POST", path, contentType, body);
	}

	private Response send(String method, String path, String contentType, String body) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + this.port + path)
			.toURL()
			.openConnection();
		connection.setRequestMethod(method);
		if (this.authorization != null) {
			connection.setRequestProperty("Authorization", this.authorization);
		}
		if (body != null) {
			connection.setDoOutput(true);
			connection.setRequestProperty("Content-Type", contentType);
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
	record Response(int status, String body) {

		JsonNode json() {
			return Http.json.readTree(this.body);
		}

	}

}
