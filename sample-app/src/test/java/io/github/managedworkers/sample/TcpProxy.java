package io.github.managedworkers.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One instance's network path to the database: cutting it drops that instance's connections and refuses new ones,
 * as a network partition does, while the other instance still reaches the database. Owns its threads and joins
 * them on close.
 */
final class TcpProxy implements AutoCloseable {

	private final int target;

	private final int port;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private volatile ServerSocket server;

	TcpProxy(int target) throws IOException {
		this.target = target;
		this.server = new ServerSocket(0);
		this.port = this.server.getLocalPort();
		accept(this.server);
	}

	int port() {
		return this.port;
	}

	/** Drops every connection and refuses new ones. */
	void cut() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	/** Accepts connections again, on the same port. */
	void restore() throws IOException {
		ServerSocket reopened = new ServerSocket();
		reopened.setReuseAddress(true);
		reopened.bind(new InetSocketAddress(this.port));
		this.server = reopened;
		accept(reopened);
	}

	private void accept(ServerSocket listening) {
		start("proxy-accept-" + this.port, () -> {
			while (!listening.isClosed()) {
				try {
					Socket client = listening.accept();
					Socket upstream = new Socket("localhost", this.target);
					this.sockets.add(client);
					this.sockets.add(upstream);
					start("proxy-up-" + this.port, () -> pump(client, upstream));
					start("proxy-down-" + this.port, () -> pump(upstream, client));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
	}

	private static void pump(Socket from, Socket to) {
		byte[] buffer = new byte[8192];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// the path was cut, or an end closed
		}
		finally {
			try {
				from.close();
				to.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

	private void start(String name, Runnable body) {
		Thread thread = new Thread(body, name);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
	}

	@Override
	public void close() throws Exception {
		cut();
		for (Thread thread : this.threads) {
			thread.join(10_000);
		}
	}

}
