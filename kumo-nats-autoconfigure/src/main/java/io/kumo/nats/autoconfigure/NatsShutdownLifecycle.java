package io.kumo.nats.autoconfigure;

import java.time.Duration;

import io.kumo.nats.connection.GracefulNatsShutdown;
import io.kumo.nats.connection.NatsConnectionRegistry;

import org.springframework.context.SmartLifecycle;

/**
 * Shuts the NATS connections down in order when the application context closes, through
 * {@link GracefulNatsShutdown}. Its phase puts it after the web server's graceful shutdown and the
 * web server itself, so requests still being served can publish, and before beans are destroyed.
 */
final class NatsShutdownLifecycle implements SmartLifecycle {

	/**
	 * The phase: {@link SmartLifecycle#DEFAULT_PHASE} minus 4096, stopped after every lifecycle of a
	 * higher phase, among them the web server's (minus 1024 and minus 2048).
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private final NatsConnectionRegistry registry;

	private final Duration timeout;

	private volatile boolean running;

	NatsShutdownLifecycle(NatsConnectionRegistry registry, Duration timeout) {
		this.registry = registry;
		this.timeout = timeout;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (this.running) {
			this.running = false;
			new GracefulNatsShutdown(this.registry, this.timeout).run();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
