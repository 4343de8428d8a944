package io.kumo.nats.connection;

import java.util.regex.Pattern;

/**
 * Removes user information from URLs in texts that reach logs and errors, as jnats puts server
 * URLs (with any credentials in them) into its exception messages.
 */
final class RedactedUrls {

	private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s\\[\\]]+@");

	private RedactedUrls() {
	}

	static String redact(String text) {
		return USER_INFO.matcher(text).replaceAll("******@");
	}

}
