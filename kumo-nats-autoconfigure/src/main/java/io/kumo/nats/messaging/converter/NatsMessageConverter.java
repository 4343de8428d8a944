package io.kumo.nats.messaging.converter;

import java.lang.reflect.Type;

import io.nats.client.Message;
import io.nats.client.impl.Headers;

/**
 * Turns objects into message bodies and bodies back into objects, so that templates and
 * listeners speak in the application's types rather than in bytes.
 */
public interface NatsMessageConverter {

	/**
	 * Writes a payload as a message body. A converter whose body type should travel with the
	 * message adds a {@code Content-Type} header.
	 * @param payload the object to send
	 * @param headers the outgoing headers, which the converter may add to
	 * @return the body
	 * @throws NatsMessageConversionException when the payload cannot be written
	 */
	byte[] toBody(Object payload, Headers headers);

	/**
	 * Reads a message body as the given type, honouring the message's {@code Content-Type}
	 * header when it has one.
	 * @param message the received message
	 * @param targetType the type the receiver asks for
	 * @return the converted body
	 * @throws NatsMessageConversionException when the body cannot be read as that type
	 */
	Object fromMessage(Message message, Type targetType);

}
