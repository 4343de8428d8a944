package io.kumo.nats.messaging.observation;

import io.micrometer.observation.transport.ReceiverContext;
import io.nats.client.Message;
import io.nats.client.impl.Headers;

/**
 * The context of one delivery to a listener: the trace context is read from the message's
 * headers, so a trace continues across the NATS hop.
 */
public final class NatsReceiveContext extends ReceiverContext<Message> {

	private final String connectionName;

	private final String listenerId;

	private final String subjectPattern;

	/**
	 * Creates a new instance.
	 * @param message the delivered message
	 * @param connectionName the name of the connection the message arrived on
	 * @param listenerId the id of the listener it is delivered to
	 * @param subjectPattern the subject pattern the listener declared, wildcards included
	 */
	public NatsReceiveContext(Message message, String connectionName, String listenerId, String subjectPattern) {
		super(NatsReceiveContext::header);
		setCarrier(message);
		this.connectionName = connectionName;
		this.listenerId = listenerId;
		this.subjectPattern = subjectPattern;
	}

	private static String header(Message message, String key) {
		Headers headers = message.getHeaders();
		return (headers != null) ? headers.getFirst(key) : null;
	}

	/**
	 * Returns the name of the connection the message arrived on.
	 * @return the connection name
	 */
	public String getConnectionName() {
		return this.connectionName;
	}

	/**
	 * Returns the id of the listener the message is delivered to.
	 * @return the listener id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * Returns the subject pattern the listener declared: a low-cardinality name for the
	 * destination, unlike the subject of each message.
	 * @return the declared pattern
	 */
	public String getSubjectPattern() {
		return this.subjectPattern;
	}

}
