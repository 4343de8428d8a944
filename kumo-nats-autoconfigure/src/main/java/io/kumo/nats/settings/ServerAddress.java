package io.kumo.nats.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a server address as users write it ({@code host:port}, {@code tls://host}, ...) into the
 * URL jnats expects, rejecting what jnats would only fail on later with a vaguer message.
 */
final class ServerAddress {

	private static final Set<String> SCHEMES = Set.of("nats", "tls", "ws", "wss");

	private static final Set<String> TLS_SCHEMES = Set.of("tls", "wss");

	private ServerAddress() {
	}

	static String normalize(String key, String address) {
		String trimmed = address.trim();
		String url = trimmed.contains("://") ? trimmed : "nats://" + trimmed;
		URI uri = parse(url);
		if (trimmed.isEmpty() || uri == null || uri.getHost() == null || uri.getScheme() == null
				|| !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getPort() > 65535
				|| uri.getPort() == 0 || (!isBlank(uri.getRawPath()) && !uri.getScheme().startsWith("ws"))) {
			String shown = trimmed.contains("://") ? RedactedUrls.redact(trimmed)
					: RedactedUrls.redact(url).substring("nats://".length());
			throw new InvalidNatsSettingException(key, "'" + shown + "' is not a NATS server address; expected host:port or scheme://host:port with scheme nats, tls, ws or wss");
		}
		if (isUnsafeToken(uri.getRawUserInfo())) {
			throw new InvalidNatsSettingException(key,
					"the token in the address must not contain control characters, '\"' or '\\'; set it as auth.token instead");
		}
		return url;
	}

	/**
	 * Whether the user information of an address is a token, decoded as jnats decodes it, that
	 * would break the CONNECT line. jnats escapes a user name and password given there.
	 */
	private static boolean isUnsafeToken(String rawUserInfo) {
		if (rawUserInfo == null || rawUserInfo.contains(":")) {
			return false;
		}
		return ConnectLineText.isUnsafe(URLDecoder.decode(rawUserInfo.replace("+", "%2B"), StandardCharsets.UTF_8));
	}

	static boolean isTls(String url) {
		return TLS_SCHEMES.contains(url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT));
	}

	private static URI parse(String url) {
		try {
			return new URI(url);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static boolean isBlank(String path) {
		return path == null || path.isEmpty() || path.equals("/");
	}

}
