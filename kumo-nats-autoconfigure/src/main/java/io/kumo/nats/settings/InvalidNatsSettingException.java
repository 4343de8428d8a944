package io.kumo.nats.settings;

/**
 * Thrown when a connection setting has a value the connection cannot work with. It names the
 * setting by its kebab-case key so that each front end can spell it its own way, and it never
 * carries the offending value, which may be a secret.
 */
public class InvalidNatsSettingException extends IllegalArgumentException {

	private final String key;

	private final String reason;

	public InvalidNatsSettingException(String key, String reason) {
		this(key, reason, null);
	}

	public InvalidNatsSettingException(String key, String reason, Throwable cause) {
		super(key + ": " + reason, cause);
		this.key = key;
		this.reason = reason;
	}

	/**
	 * The kebab-case key of the setting, dotted for nested ones, such as {@code auth.password}.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * What is wrong and what is expected, without the value itself.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
