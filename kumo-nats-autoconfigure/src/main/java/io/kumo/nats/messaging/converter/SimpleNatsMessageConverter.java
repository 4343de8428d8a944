package io.kumo.nats.messaging.converter;

import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.util.MimeType;

/**
 * Sends {@code byte[]} as it is and {@link String} as UTF-8 text, and reads bodies back as
 * either; the converter used when Jackson is not on the class path.
 */
public class SimpleNatsMessageConverter implements NatsMessageConverter {

	/**
	 * The header that names a body's type.
	 */
	public static final String CONTENT_TYPE = "Content-Type";

	static final String TEXT_PLAIN = "text/plain;charset=UTF-8";

	@Override
	public byte[] toBody(Object payload, Headers headers) {
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof String text) {
			String contentType = headers.getFirst(CONTENT_TYPE);
			if (contentType == null) {
				headers.put(CONTENT_TYPE, TEXT_PLAIN);
				return text.getBytes(StandardCharsets.UTF_8);
			}
			return text.getBytes(charset(contentType, () -> "A String payload was given Content-Type"));
		}
		throw new NatsMessageConversionException("Cannot send a " + payload.getClass().getName()
				+ " without a converter for it: send byte[] or String, add Jackson to the class path for JSON, "
				+ "or declare a NatsMessageConverter bean", null);
	}

	@Override
	public Object fromMessage(Message message, Type targetType) {
		if (targetType == byte[].class) {
			return body(message);
		}
		if (targetType == String.class || targetType == CharSequence.class || targetType == Object.class) {
			return new String(body(message), charset(message));
		}
		throw new NatsMessageConversionException(MessageDescription.of(message) + " cannot be read as "
				+ targetType.getTypeName() + ": take byte[] or String, add Jackson to the class path for JSON, "
				+ "or declare a NatsMessageConverter bean", null);
	}

	static byte[] body(Message message) {
		byte[] data = message.getData();
		return (data != null) ? data : new byte[0];
	}

	private static Charset charset(Message message) {
		String contentType = contentType(message);
		if (contentType == null) {
			return StandardCharsets.UTF_8;
		}
		return charset(contentType, () -> MessageDescription.of(message) + " has Content-Type");
	}

	private static Charset charset(String contentType, Supplier<String> owner) {
		try {
			Charset charset = MimeType.valueOf(contentType).getCharset();
			return (charset != null) ? charset : StandardCharsets.UTF_8;
		}
		catch (IllegalArgumentException ex) {
			throw new NatsMessageConversionException(owner.get() + " '" + MessageDescription.bounded(contentType)
					+ "', which is not a valid media type with a known charset", ex);
		}
	}

	static @Nullable String contentType(Message message) {
		Headers headers = message.getHeaders();
		return (headers != null) ? headers.getFirst(CONTENT_TYPE) : null;
	}

}
