package io.kumo.nats.settings;

/**
 * Text that jnats copies into the JSON of its CONNECT line without escaping it: a client name and
 * a token given in a server address. A quote, a backslash or a line break there would end the
 * JSON early and let the rest of the text be read as protocol lines.
 */
final class ConnectLineText {

	private ConnectLineText() {
	}

	static boolean isUnsafe(String text) {
		return text.chars().anyMatch((c) -> Character.isISOControl(c) || c == '"' || c == '\\');
	}

}
