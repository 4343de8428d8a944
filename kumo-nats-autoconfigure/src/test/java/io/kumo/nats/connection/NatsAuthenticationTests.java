package io.kumo.nats.connection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import io.kumo.nats.settings.InvalidNatsSettingException;
import io.kumo.nats.settings.NatsAuth;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Nkey and credentials-file authentication against servers configured for them.
 */
class NatsAuthenticationTests {

	private static final SecureRandom random = new SecureRandom();

	private final NatsConnectionRegistry registry = new NatsConnectionRegistry();

	private final NatsConnectionFactory factory = new NatsConnectionFactory(this.registry, new DefaultResourceLoader(),
			null, List.of());

	@AfterEach
	void closeConnections() {
		this.registry.close();
	}

	@Test
	void nkeySeedLogsIn() throws Exception {
		NKey user = NKey.createUser(random);
		try (NatsServer server = nkeyServer(user)) {
			assertConnected(connect(server, NatsAuth.of(null, null, null, new String(user.getSeed()), null)));
		}
	}

	@Test
	void nkeySeedFromAFileLogsIn(@TempDir Path directory) throws Exception {
		NKey user = NKey.createUser(random);
		Path seedFile = Files.writeString(directory.resolve("user.nk"), new String(user.getSeed()) + "\n");
		try (NatsServer server = nkeyServer(user)) {
			assertConnected(connect(server, NatsAuth.of(null, null, null, seedFile.toString(), null)));
		}
	}

	@Test
	void anotherNkeyIsRefused() throws Exception {
		try (NatsServer server = nkeyServer(NKey.createUser(random))) {
			String otherSeed = new String(NKey.createUser(random).getSeed());
			assertThatExceptionOfType(NatsConnectException.class)
				.isThrownBy(() -> connect(server, NatsAuth.of(null, null, null, otherSeed, null)))
				.withMessageContaining("Authorization Violation")
				.withMessageNotContaining(otherSeed);
		}
	}

	@Test
	void somethingThatIsNeitherSeedNorFileIsRejectedWithoutShowingIt() throws Exception {
		try (NatsServer server = NatsServer.builder().start()) {
			assertThatExceptionOfType(InvalidNatsSettingException.class)
				.isThrownBy(() -> connect(server, NatsAuth.of(null, null, null, "SUnot-a-seed-Secret", null)))
				.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("auth.nkey"))
				.withMessageNotContaining("Secret");
		}
	}

	@Test
	void credentialsFileLogsIn(@TempDir Path directory) throws Exception {
		OperatorMode operator = new OperatorMode();
		Path creds = Files.writeString(directory.resolve("user.creds"), operator.userCredentials());
		try (NatsServer server = operator.server()) {
			assertConnected(connect(server, NatsAuth.of(null, null, null, null, creds.toString())));
		}
	}

	@Test
	void credentialsContentLogsIn() throws Exception {
		OperatorMode operator = new OperatorMode();
		try (NatsServer server = operator.server()) {
			assertConnected(connect(server, NatsAuth.of(null, null, null, null, operator.userCredentials())));
		}
	}

	@Test
	void credentialsOfAnotherOperatorAreRefused() throws Exception {
		OperatorMode operator = new OperatorMode();
		String foreign = new OperatorMode().userCredentials();
		try (NatsServer server = operator.server()) {
			assertThatExceptionOfType(NatsConnectException.class)
				.isThrownBy(() -> connect(server, NatsAuth.of(null, null, null, null, foreign)))
				.withMessageContaining("Authorization Violation");
		}
	}

	@Test
	void twoKindsOfAuthenticationAreRejected() {
		assertThatExceptionOfType(InvalidNatsSettingException.class)
			.isThrownBy(() -> NatsAuth.of("app", "secret", null, "SU", null))
			.withMessage("auth: set one kind of authentication: username and password, token, nkey or credentials");
	}

	private RegisteredNatsConnection connect(NatsServer server, NatsAuth auth) {
		return this.factory.connect("auth", NatsConnectionOrigin.CONFIGURATION, NatsConnectionSettings.builder()
			.servers(List.of(server.address()))
			.connectionTimeout(Duration.ofSeconds(2))
			.auth(auth)
			.build());
	}

	private static void assertConnected(RegisteredNatsConnection registered) {
		assertThat(registered.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
	}

	private static NatsServer nkeyServer(NKey user) throws Exception {
		return NatsServer.builder()
			.configLine("authorization { users: [ { nkey: " + new String(user.getPublicKey()) + " } ] }")
			.start();
	}

	/**
	 * An operator, an account and a user, with the server configuration that trusts them.
	 */
	private static final class OperatorMode {

		private final NKey operator = NKey.createOperator(random);

		private final NKey account = NKey.createAccount(random);

		private final NKey user = NKey.createUser(random);

		OperatorMode() throws Exception {
		}

		NatsServer server() throws Exception {
			String operatorKey = new String(this.operator.getPublicKey());
			String accountKey = new String(this.account.getPublicKey());
			String operatorJwt = JwtUtils.issueJWT(this.operator, operatorKey, "operator", null,
					System.currentTimeMillis() / 1000, operatorKey, () -> "{\"type\":\"operator\",\"version\":2}");
			String accountJwt = JwtUtils.issueJWT(this.operator, accountKey, "account", null,
					System.currentTimeMillis() / 1000, operatorKey,
					() -> "{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,"
							+ "\"wildcards\":true,\"conn\":-1,\"leaf\":-1},\"type\":\"account\",\"version\":2}");
			return NatsServer.builder()
				.configLine("operator: " + operatorJwt)
				.configLine("resolver: MEMORY")
				.configLine("resolver_preload: { " + accountKey + ": " + accountJwt + " }")
				.start();
		}

		String userCredentials() throws Exception {
			String accountKey = new String(this.account.getPublicKey());
			String userJwt = JwtUtils.issueUserJWT(this.account, accountKey, new String(this.user.getPublicKey()));
			return "-----BEGIN NATS USER JWT-----\n" + userJwt + "\n------END NATS USER JWT------\n\n"
					+ "-----BEGIN USER NKEY SEED-----\n" + new String(this.user.getSeed())
					+ "\n------END USER NKEY SEED------\n";
		}

	}

}
