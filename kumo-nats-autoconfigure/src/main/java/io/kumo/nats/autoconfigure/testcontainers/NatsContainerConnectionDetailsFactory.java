package io.kumo.nats.autoconfigure.testcontainers;

import java.util.List;

import io.kumo.nats.autoconfigure.NatsConnectionDetails;
import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.Container;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * Creates {@link NatsConnectionDetails} for a {@code @ServiceConnection} container of the
 * {@code nats} image: its client port, for the connection named like the container or the primary.
 */
class NatsContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<Container<?>, NatsConnectionDetails> {

	static final int CLIENT_PORT = 4222;

	NatsContainerConnectionDetailsFactory() {
		super("nats", "io.kumo.nats.autoconfigure.NatsAutoConfiguration");
	}

	@Override
	protected NatsConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
		return new NatsContainerConnectionDetails(source);
	}

	/**
	 * The address of a running NATS container.
	 */
	static final class NatsContainerConnectionDetails extends ContainerConnectionDetails<Container<?>>
			implements NatsConnectionDetails {

		NatsContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
			super(source);
		}

		@Override
		public @Nullable String getConnectionName() {
			String name = getContainer().getContainerName();
			return (name != null && name.startsWith("/")) ? name.substring(1) : name;
		}

		@Override
		public List<String> getServers() {
			return List.of("nats://" + getContainer().getHost() + ":" + getContainer().getMappedPort(CLIENT_PORT));
		}

	}

}
