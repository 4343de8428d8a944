package io.kumo.nats.jetstream;

/**
 * What a declaration creates on the server.
 */
public enum JetStreamDeclarationKind {

	/**
	 * A stream.
	 */
	STREAM("stream"),

	/**
	 * A durable consumer of a stream.
	 */
	CONSUMER("consumer"),

	/**
	 * A key-value bucket.
	 */
	KEY_VALUE("key-value bucket");

	private final String description;

	JetStreamDeclarationKind(String description) {
		this.description = description;
	}

	/**
	 * The kind in words, such as {@code key-value bucket}.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
