package io.kumo.nats.autoconfigure.docker;

import java.util.List;
import java.util.Map;

import io.kumo.nats.autoconfigure.NatsConnectionDetails;
import io.kumo.nats.settings.NatsAuth;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;

/**
 * Creates {@link NatsConnectionDetails} for a Docker Compose service of the {@code nats} image:
 * its published client port, for the connection named like the service (not its container) or the
 * primary, and the
 * login given in the service's environment ({@code NATS_USER} and {@code NATS_PASSWORD}, or
 * {@code NATS_TOKEN}), if any.
 */
class NatsDockerComposeConnectionDetailsFactory extends DockerComposeConnectionDetailsFactory<NatsConnectionDetails> {

	static final int CLIENT_PORT = 4222;

	static final String USER = "NATS_USER";

	static final String PASSWORD = "NATS_PASSWORD";

	static final String TOKEN = "NATS_TOKEN";

	static final String SERVICE_LABEL = "com.docker.compose.service";

	NatsDockerComposeConnectionDetailsFactory() {
		super("nats", "io.kumo.nats.autoconfigure.NatsAutoConfiguration");
	}

	@Override
	protected NatsConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
		return new NatsDockerComposeConnectionDetails(source.getRunningService());
	}

	/**
	 * The address of a running NATS service and the login in its environment.
	 */
	static final class NatsDockerComposeConnectionDetails extends DockerComposeConnectionDetails
			implements NatsConnectionDetails {

		private final RunningService service;

		private final String serviceName;

		private final @Nullable NatsAuth auth;

		NatsDockerComposeConnectionDetails(RunningService service) {
			super(service);
			this.service = service;
			this.serviceName = service.labels().getOrDefault(SERVICE_LABEL, service.name());
			this.auth = auth(this.serviceName, service.env());
		}

		@Override
		public String getConnectionName() {
			return this.serviceName;
		}

		@Override
		public List<String> getServers() {
			return List.of("nats://" + this.service.host() + ":" + this.service.ports().get(CLIENT_PORT));
		}

		@Override
		public @Nullable NatsAuth getAuth() {
			return this.auth;
		}

		private static @Nullable NatsAuth auth(String service, Map<String, @Nullable String> env) {
			String user = env.get(USER);
			String password = env.get(PASSWORD);
			String token = env.get(TOKEN);
			if (token != null && (user != null || password != null)) {
				throw invalid(service, "set either " + TOKEN + " or " + USER + " and " + PASSWORD + ", not both");
			}
			if (token != null) {
				return new NatsAuth.Token(token);
			}
			if (user == null && password == null) {
				return null;
			}
			if (user == null || password == null) {
				throw invalid(service, USER + " and " + PASSWORD + " must be set together");
			}
			return new NatsAuth.UserPassword(user, password);
		}

		private static IllegalStateException invalid(String service, String reason) {
			return new IllegalStateException("Docker Compose service '" + service + "': " + reason);
		}

	}

}
