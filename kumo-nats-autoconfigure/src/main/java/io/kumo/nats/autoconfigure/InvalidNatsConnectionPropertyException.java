package io.kumo.nats.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a property of a configured connection is invalid. The message names the
 * full property and says what is expected, never the value.
 */
public class InvalidNatsConnectionPropertyException extends IllegalStateException {

	private final String property;

	private final String reason;

	/**
	 * Creates an exception for one property.
	 * @param property the full name of the property
	 * @param reason what is wrong and what is expected, without the value
	 * @param cause the underlying failure, if any
	 */
	public InvalidNatsConnectionPropertyException(String property, String reason, @Nullable Throwable cause) {
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
