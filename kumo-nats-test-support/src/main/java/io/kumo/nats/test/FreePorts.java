package io.kumo.nats.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out free loopback TCP ports so that no test ever depends on a fixed port such as 4222.
 */
public final class FreePorts {

	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	private static final int ATTEMPTS = 50;

	private FreePorts() {
	}

	/**
	 * Returns a loopback port that was free a moment ago and was not handed out before in this JVM.
	 * @return a free port on 127.0.0.1
	 */
	public static int next() {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int port = probe();
			if (HANDED_OUT.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free loopback port found after " + ATTEMPTS + " attempts");
	}

	private static int probe() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot probe for a free loopback port", ex);
		}
	}

}
