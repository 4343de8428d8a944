package io.kumo.nats.messaging.listener;

import org.springframework.context.SmartLifecycle;

/**
 * Runs one listener: subscribes when started, and when stopped takes no more messages and
 * finishes those already delivered, within the shutdown timeout. The registry holds one per
 * listener and stops them all before the connections close.
 */
public interface NatsListenerContainer extends SmartLifecycle {

	/**
	 * The phase of every container: stopped after the web server
	 * ({@link SmartLifecycle#DEFAULT_PHASE} minus 1024 and minus 2048), so requests in progress
	 * still get answers, and before the connections close (minus 4096).
	 */
	int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

	/**
	 * Returns the listener id.
	 * @return the id
	 */
	String getId();

	/**
	 * Returns the listener this container runs.
	 * @return the endpoint
	 */
	NatsListenerEndpoint getEndpoint();

	/**
	 * Returns the name of the connection the listener subscribes on.
	 * @return the connection name
	 */
	String getConnectionName();

	@Override
	default int getPhase() {
		return PHASE;
	}

}
