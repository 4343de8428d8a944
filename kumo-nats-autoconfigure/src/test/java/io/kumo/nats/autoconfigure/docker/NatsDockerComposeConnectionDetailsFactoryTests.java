package io.kumo.nats.autoconfigure.docker;

import java.util.List;
import java.util.Map;

import io.kumo.nats.autoconfigure.NatsConnectionDetails;
import org.junit.jupiter.api.Test;

import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapping of a running Docker Compose service onto connection details, without Docker.
 */
class NatsDockerComposeConnectionDetailsFactoryTests {

	@Test
	void serviceNameAndPublishedClientPortBecomeTheDetails() {
		NatsConnectionDetails details = new NatsDockerComposeConnectionDetailsFactory.NatsDockerComposeConnectionDetails(
				new FakeService("orders", "127.0.0.1", 32768));
		assertThat(details.getConnectionName()).isEqualTo("orders");
		assertThat(details.getServers()).containsExactly("nats://127.0.0.1:32768");
		assertThat(details.getAuth()).isNull();
	}

	private record FakeService(String name, String host, int publishedClientPort) implements RunningService {

		@Override
		public ImageReference image() {
			return ImageReference.of("nats:2.10");
		}

		@Override
		public ConnectionPorts ports() {
			return new ConnectionPorts() {

				@Override
				public int get(int containerPort) {
					assertThat(containerPort).isEqualTo(4222);
					return FakeService.this.publishedClientPort;
				}

				@Override
				public List<Integer> getAll() {
					return List.of(FakeService.this.publishedClientPort);
				}

				@Override
				public List<Integer> getAll(String protocol) {
					return getAll();
				}

			};
		}

		@Override
		public Map<String, String> env() {
			return Map.of();
		}

		@Override
		public Map<String, String> labels() {
			return Map.of();
		}

	}

}
