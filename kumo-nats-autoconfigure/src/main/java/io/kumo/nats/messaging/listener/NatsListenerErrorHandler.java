package io.kumo.nats.messaging.listener;

import io.nats.client.Message;

/**
 * Told about every message a listener failed to handle: its method threw, or the message could not
 * be converted to its parameters. The listener goes on with the next message either way; a
 * requester has already been answered with a service error when the handler is called.
 */
@FunctionalInterface
public interface NatsListenerErrorHandler {

	/**
	 * Handles a failed delivery.
	 * @param listenerId the id of the listener
	 * @param message the message, whose body should not be logged beyond a short prefix
	 * @param error what the method threw, or a
	 * {@link io.kumo.nats.messaging.converter.NatsMessageConversionException} when the message could
	 * not be converted
	 */
	void handleError(String listenerId, Message message, Throwable error);

}
