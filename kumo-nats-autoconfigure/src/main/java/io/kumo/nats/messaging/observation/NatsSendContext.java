package io.kumo.nats.messaging.observation;

import io.micrometer.observation.transport.SenderContext;
import io.nats.client.impl.Headers;

/**
 * The context of one send: the trace context is written into the message's headers.
 */
public final class NatsSendContext extends SenderContext<Headers> {

	private final String connectionName;

	private final String subject;

	/**
	 * Creates a new instance.
	 * @param headers the outgoing headers the trace context is written into
	 * @param connectionName the name of the connection the message leaves on
	 * @param subject the subject the message is sent to
	 */
	public NatsSendContext(Headers headers, String connectionName, String subject) {
		super((carrier, key, value) -> carrier.put(key, value));
		setCarrier(headers);
		this.connectionName = connectionName;
		this.subject = subject;
	}

	/**
	 * Returns the name of the connection the message leaves on.
	 * @return the connection name
	 */
	public String getConnectionName() {
		return this.connectionName;
	}

	/**
	 * Returns the subject the message is sent to.
	 * @return the subject
	 */
	public String getSubject() {
		return this.subject;
	}

}
