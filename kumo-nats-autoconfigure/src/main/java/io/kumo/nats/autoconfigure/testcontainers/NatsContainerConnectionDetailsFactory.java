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
 * <p>
 * Spring Boot names a container's service after its image only where it knows the image before the
 * container exists (a field); a container from a {@code @Bean} method needs
 * {@code @ServiceConnection(name = "nats")}, or, as in the README, a bean named {@code nats}.
 */
class NatsContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<Container<?>, NatsConnectionDetails> {

	static final String CONNECTION_NAME = "nats";

	static final int CLIENT_PORT = 4222;

	private static final String BEAN_ORIGIN = "Bean '" + CONNECTION_NAME + "'";

	NatsContainerConnectionDetailsFactory() {
		super(CONNECTION_NAME, "io.kumo.nats.autoconfigure.NatsAutoConfiguration");
	}

	@Override
	protected boolean sourceAccepts(ContainerConnectionSource<Container<?>> source, Class<?> requiredContainerType,
			Class<?> requiredConnectionDetailsType) {
		return super.sourceAccepts(source, requiredContainerType, requiredConnectionDetailsType)
				|| (isBeanNamedNats(source)
						&& source.accepts(ANY_CONNECTION_NAME, requiredContainerType, requiredConnectionDetailsType));
	}

	@Override
	protected NatsConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
		return new NatsContainerConnectionDetails(source);
	}

	private static boolean isBeanNamedNats(ContainerConnectionSource<Container<?>> source) {
		String origin = String.valueOf(source.getOrigin());
		return origin.equals(BEAN_ORIGIN) || origin.startsWith(BEAN_ORIGIN + " ");
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
