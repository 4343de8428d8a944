package io.kumo.nats.autoconfigure.docker;

import java.util.List;

import io.kumo.nats.autoconfigure.NatsConnectionDetails;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;

/**
 * Creates {@link NatsConnectionDetails} for a Docker Compose service of the {@code nats} image:
 * its published client port, for the connection named like the service or the primary.
 */
class NatsDockerComposeConnectionDetailsFactory extends DockerComposeConnectionDetailsFactory<NatsConnectionDetails> {

	static final int CLIENT_PORT = 4222;

	NatsDockerComposeConnectionDetailsFactory() {
		super("nats", "io.kumo.nats.autoconfigure.NatsAutoConfiguration");
	}

	@Override
	protected NatsConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
		return new NatsDockerComposeConnectionDetails(source.getRunningService());
	}

	/**
	 * The address of a running NATS service.
	 */
	static final class NatsDockerComposeConnectionDetails extends DockerComposeConnectionDetails
			implements NatsConnectionDetails {

		private final RunningService service;

		NatsDockerComposeConnectionDetails(RunningService service) {
			super(service);
			this.service = service;
		}

		@Override
		public String getConnectionName() {
			return this.service.name();
		}

		@Override
		public List<String> getServers() {
			return List.of("nats://" + this.service.host() + ":" + this.service.ports().get(CLIENT_PORT));
		}

	}

}
