package io.kumo.nats.autoconfigure;

/**
 * Thrown at startup when a property of a configured connection is invalid. The message names the
 * full property and says what is expected, never the value.
 */
public class InvalidNatsConnectionPropertyException extends IllegalStateException {

	private final String property;

	private final String reason;

	InvalidNatsConnectionPropertyException(String property, String reason, Throwable cause) {
		super("Invalid property '" + property + "': " + reason, cause);
		this.property = property;
		this.reason = reason;
	}

	/**
	 * The full name of the property, such as {@code kumo.nats.connections.orders.client-cert}.
	 * @return the property
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * What is wrong and what is expected.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
