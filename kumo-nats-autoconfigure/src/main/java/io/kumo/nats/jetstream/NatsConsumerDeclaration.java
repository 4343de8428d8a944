package io.kumo.nats.jetstream;

import io.nats.client.api.ConsumerConfiguration;

/**
 * A durable consumer to declare, with the stream it reads: a {@link ConsumerConfiguration} alone
 * does not say which stream that is. Declare one as a bean to have it created or updated at
 * startup.
 *
 * @param stream the name of the stream the consumer reads
 * @param configuration the consumer, with a durable name
 */
public record NatsConsumerDeclaration(String stream, ConsumerConfiguration configuration) {

	public NatsConsumerDeclaration {
		if (stream == null || stream.isBlank()) {
			throw new IllegalArgumentException("A consumer declaration needs the name of its stream");
		}
		if (configuration == null || name(configuration) == null) {
			throw new IllegalArgumentException(
					"A consumer declaration of stream '" + stream + "' needs a configuration with a durable name");
		}
	}

	/**
	 * The consumer's name: its durable name, or its name.
	 * @return the name
	 */
	public String name() {
		return name(this.configuration);
	}

	private static String name(ConsumerConfiguration configuration) {
		return (configuration.getDurable() != null) ? configuration.getDurable() : configuration.getName();
	}

}
