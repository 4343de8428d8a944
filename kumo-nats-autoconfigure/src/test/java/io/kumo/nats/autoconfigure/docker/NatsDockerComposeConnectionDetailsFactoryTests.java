package io.kumo.nats.autoconfigure.docker;

import java.util.List;
import java.util.Map;

import io.kumo.nats.autoconfigure.NatsConnectionDetails;
import io.kumo.nats.settings.NatsAuth;
import org.junit.jupiter.api.Test;

import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The mapping of a running Docker Compose service, its port and the login in its environment, onto
 * connection details, without Docker.
 */
class NatsDockerComposeConnectionDetailsFactoryTests {

	@Test
	void serviceNameNotContainerNameAndPublishedClientPortBecomeTheDetails() {
		NatsConnectionDetails details = new NatsDockerComposeConnectionDetailsFactory.NatsDockerComposeConnectionDetails(
				new FakeService("orders", "compose-orders-1", "127.0.0.1", 32768, Map.of()));
		assertThat(details.getConnectionName()).isEqualTo("orders");
		assertThat(details.getServers()).containsExactly("nats://127.0.0.1:32768");
		assertThat(details.getAuth()).isNull();
	}

	@Test
	void userAndPasswordInTheEnvironmentBecomeTheLogin() {
		NatsConnectionDetails details = details(Map.of("NATS_USER", "kumo", "NATS_PASSWORD", "Env-Pa55"));
		assertThat(details.getAuth()).isEqualTo(new NatsAuth.UserPassword("kumo", "Env-Pa55"));
	}

	@Test
	void tokenInTheEnvironmentBecomesTheLogin() {
		assertThat(details(Map.of("NATS_TOKEN", "Env-T0ken")).getAuth()).isEqualTo(new NatsAuth.Token("Env-T0ken"));
	}

	@Test
	void halfALoginInTheEnvironmentIsAnErrorNamingTheServiceAndTheVariables() {
		assertThatIllegalStateException().isThrownBy(() -> details(Map.of("NATS_USER", "kumo")))
			.withMessage("Docker Compose service 'orders': NATS_USER and NATS_PASSWORD must be set together");
		assertThatIllegalStateException()
			.isThrownBy(() -> details(Map.of("NATS_TOKEN", "Env-T0ken", "NATS_PASSWORD", "Env-Pa55")))
			.withMessage("Docker Compose service 'orders': set either NATS_TOKEN or NATS_USER and NATS_PASSWORD, "
					+ "not both")
			.withMessageNotContaining("Env-");
	}

	private static NatsConnectionDetails details(Map<String, String> env) {
		return new NatsDockerComposeConnectionDetailsFactory.NatsDockerComposeConnectionDetails(
				new FakeService("orders", "compose-orders-1", "127.0.0.1", 32768, env));
	}

	private record FakeService(String service, String name, String host, int publishedClientPort, Map<String, String> env)
			implements RunningService {

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
		public Map<String, String> labels() {
			return Map.of("com.docker.compose.service", this.service);
		}

	}

}
