package io.kumo.nats.test;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one {@link NatsServer} before the tests of a class and closes it after them, so a test class declares its
 * server in one line.
 * <pre>
 * &#64;RegisterExtension
 * static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());
 * </pre>
 */
public final class NatsServerExtension implements BeforeAllCallback, AfterAllCallback {

	private final NatsServer.Builder builder;

	private NatsServer server;

	private String owner;

	/**
	 * Creates an extension for a plain server.
	 */
	public NatsServerExtension() {
		this(NatsServer.builder());
	}

	/**
	 * Creates an extension for the described server.
	 * @param builder the server description
	 */
	public NatsServerExtension(NatsServer.Builder builder) {
		this.builder = builder;
	}

	@Override
	public synchronized void beforeAll(ExtensionContext context) {
		if (this.server == null) {
			this.server = this.builder.start();
			this.owner = context.getUniqueId();
		}
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		if (this.server != null && context.getUniqueId().equals(this.owner)) {
			this.server.close();
			this.server = null;
			this.owner = null;
		}
	}

	/**
	 * The running server.
	 * @return the server
	 * @throws IllegalStateException outside the lifecycle of the test class
	 */
	public synchronized NatsServer server() {
		if (this.server == null) {
			throw new IllegalStateException("The nats-server is not running: register the extension as a static "
					+ "@RegisterExtension field");
		}
		return this.server;
	}

}
