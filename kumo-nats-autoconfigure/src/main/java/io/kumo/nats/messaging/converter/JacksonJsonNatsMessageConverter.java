package io.kumo.nats.messaging.converter;

import java.lang.reflect.Type;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MimeType;

/**
 * Sends objects as JSON through the application's {@link JsonMapper}, so its modules and settings
 * apply, and reads JSON bodies back as any type; {@code byte[]} and {@link String} pass as they
 * are, as with {@link SimpleNatsMessageConverter}.
 */
public class JacksonJsonNatsMessageConverter extends SimpleNatsMessageConverter {

	static final String APPLICATION_JSON = "application/json";

	private static final int MAX_ERROR_LENGTH = 200;

	private final JsonMapper jsonMapper;

	/**
	 * Creates a new instance.
	 * @param jsonMapper the mapper that writes and reads JSON
	 */
	public JacksonJsonNatsMessageConverter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public byte[] toBody(Object payload, Headers headers) {
		if (payload instanceof byte[] || payload instanceof String) {
			return super.toBody(payload, headers);
		}
		try {
			byte[] body = this.jsonMapper.writeValueAsBytes(payload);
			if (!headers.containsKey(CONTENT_TYPE)) {
				headers.put(CONTENT_TYPE, APPLICATION_JSON);
			}
			return body;
		}
		catch (JacksonException ex) {
			throw new NatsMessageConversionException(
					"Cannot write a " + payload.getClass().getName() + " as JSON: " + bounded(ex), ex);
		}
	}

	@Override
	public Object fromMessage(Message message, Type targetType) {
		if (targetType == byte[].class || targetType == String.class || targetType == CharSequence.class) {
			return super.fromMessage(message, targetType);
		}
		String contentType = contentType(message);
		if (contentType != null && !isJson(contentType)) {
			if (targetType == Object.class) {
				return super.fromMessage(message, targetType);
			}
			throw new NatsMessageConversionException(MessageDescription.of(message) + " has Content-Type '"
					+ MessageDescription.bounded(contentType) + "', which cannot be read as "
					+ targetType.getTypeName() + ": only JSON can", null);
		}
		try {
			return this.jsonMapper.readValue(body(message), this.jsonMapper.constructType(targetType));
		}
		catch (JacksonException ex) {
			throw new NatsMessageConversionException(MessageDescription.of(message) + " cannot be read as "
					+ targetType.getTypeName() + ": " + bounded(ex), ex);
		}
	}

	private static boolean isJson(String contentType) {
		try {
			MimeType type = MimeType.valueOf(contentType);
			return type.getSubtype().equals("json") || type.getSubtype().endsWith("+json");
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static String bounded(JacksonException ex) {
		String message = ex.getOriginalMessage();
		if (message == null) {
			return ex.getClass().getSimpleName();
		}
		return (message.length() > MAX_ERROR_LENGTH) ? message.substring(0, MAX_ERROR_LENGTH) + "..." : message;
	}

}
