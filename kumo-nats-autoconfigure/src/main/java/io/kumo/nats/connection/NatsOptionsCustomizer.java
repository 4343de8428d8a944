package io.kumo.nats.connection;

import io.nats.client.Options;

/**
 * Callback to adjust the jnats {@link Options} of a connection beyond what the settings cover,
 * after the settings are applied and before the connection opens.
 */
@FunctionalInterface
public interface NatsOptionsCustomizer {

	/**
	 * Customizes the options of one connection.
	 * @param connectionName the registry name of the connection
	 * @param builder the options builder
	 */
	void customize(String connectionName, Options.Builder builder);

}
