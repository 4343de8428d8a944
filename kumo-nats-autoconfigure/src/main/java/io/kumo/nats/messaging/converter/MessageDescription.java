package io.kumo.nats.messaging.converter;

import io.nats.client.Message;

/**
 * Describes a message in an error: its subject, its size and a short prefix of its body, never
 * the whole body, which may be large or hold what the sender meant to keep private.
 */
final class MessageDescription {

	static final int PREFIX_LENGTH = 32;

	private MessageDescription() {
	}

	static String of(Message message) {
		byte[] body = SimpleNatsMessageConverter.body(message);
		StringBuilder description = new StringBuilder("The message on subject '").append(message.getSubject())
			.append("' (").append(body.length).append(" bytes");
		if (body.length > 0) {
			description.append(", starting '");
			for (int i = 0; i < Math.min(body.length, PREFIX_LENGTH); i++) {
				char c = (char) (body[i] & 0xff);
				description.append((c >= 0x20 && c < 0x7f) ? c : '.');
			}
			description.append((body.length > PREFIX_LENGTH) ? "...'" : "'");
		}
		return description.append(')').toString();
	}

	static String bounded(String text) {
		return (text.length() > PREFIX_LENGTH) ? text.substring(0, PREFIX_LENGTH) + "..." : text;
	}

}
