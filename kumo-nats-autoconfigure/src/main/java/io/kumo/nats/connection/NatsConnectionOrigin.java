package io.kumo.nats.connection;

import java.util.Locale;

/**
 * Where a connection was declared, so health and metrics can tell configured connections from
 * ones a script opened.
 */
public enum NatsConnectionOrigin {

	/** Declared under {@code kumo.nats.connections}. */
	CONFIGURATION,

	/** Opened by a Lua script with {@code kumo.nats.connect}. */
	SCRIPT;

	/**
	 * The lower-case form used in tags and details.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
