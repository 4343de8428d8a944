package io.kumo.nats.messaging.listener;

/**
 * The container of a listener on a JetStream consumer: health and meters find it in the registry
 * and read its consumer and what it did.
 */
public interface JetStreamListenerContainer extends NatsListenerContainer {

	/**
	 * Returns the name of the stream the consumer belongs to.
	 * @return the stream name
	 */
	String getStream();

	/**
	 * Returns the name of the consumer, durable or, for an ordered consumer, the one the server
	 * gave it last.
	 * @return the consumer name
	 */
	String getConsumer();

	/**
	 * Returns what the listener did with the consumer's messages.
	 * @return the activity
	 */
	JetStreamListenerActivity getActivity();

}
