package io.kumo.nats.settings;

import java.util.regex.Pattern;

/**
 * Removes user information from URLs in texts that reach logs and errors, as jnats puts server
 * URLs (with any credentials in them) into its exception messages.
 */
public final class RedactedUrls {

	private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s\\[\\]]+@");

	private RedactedUrls() {
	}

	/**
	 * Replaces the user information of every URL in a text with {@code ******}.
	 * @param text the text
	 * @return the text without credentials
	 */
	public static String redact(String text) {
		return USER_INFO.matcher(text).replaceAll("******@");
	}

}
