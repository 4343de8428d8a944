package io.kumo.nats.settings;

import java.util.regex.Pattern;

/**
 * Masks the user information of URLs in texts that reach logs, errors, health details and
 * actuator pages, as jnats puts server URLs (with any credentials in them) into its exception
 * messages. Scheme, host and port stay, so the reader still knows which server is meant:
 * {@code nats://******@host:4222}.
 */
public final class RedactedUrls {

	private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s\\[\\]]+@");

	private RedactedUrls() {
	}

	/**
	 * Replaces the user information of every URL in a text with {@code ******}, keeping the rest
	 * of the URL.
	 * @param text the text
	 * @return the text without credentials
	 */
	public static String redact(String text) {
		return USER_INFO.matcher(text).replaceAll("******@");
	}

}
