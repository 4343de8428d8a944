package io.kumo.nats.settings;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The settings type's defaults, normalization and validation.
 */
class NatsConnectionSettingsTests {

	@Test
	void defaultsAreThoseOfTheSpecification() {
		NatsConnectionSettings settings = NatsConnectionSettings.builder().servers(List.of("127.0.0.1:4000")).build();
		assertThat(settings.maxReconnects()).isZero();
		assertThat(settings.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(settings.senderCapacity()).isEqualTo(128);
		assertThat(settings.inboxPrefix()).isEqualTo("_INBOX");
		assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.pingInterval()).isEqualTo(Duration.ofSeconds(60));
		assertThat(settings.usesTls()).isFalse();
		assertThat(settings.auth()).isNull();
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			127.0.0.1:4000,          nats://127.0.0.1:4000
			localhost,               nats://localhost
			nats://127.0.0.1:4000,   nats://127.0.0.1:4000
			tls://127.0.0.1:4000,    tls://127.0.0.1:4000
			[::1]:4000,              nats://[::1]:4000
			ws://127.0.0.1:8080/nats, ws://127.0.0.1:8080/nats
			""")
	void serverAddressesAreNormalized(String address, String url) {
		assertThat(NatsConnectionSettings.builder().servers(List.of(address)).build().servers()).containsExactly(url);
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			tls://127.0.0.1:4000, false, false
			wss://127.0.0.1:4000, false, false
			127.0.0.1:4000,       true,  false
			127.0.0.1:4000,       false, true
			""")
	void tlsIsImpliedByAddressOrFlags(String address, boolean tlsRequired, boolean tlsFirst) {
		NatsConnectionSettings settings = NatsConnectionSettings.builder()
			.servers(List.of(address))
			.tlsRequired(tlsRequired)
			.tlsFirst(tlsFirst)
			.build();
		assertThat(settings.usesTls()).isTrue();
	}

	@Test
	void certificateImpliesTls() {
		assertThat(NatsConnectionSettings.builder()
			.servers(List.of("127.0.0.1:4000"))
			.certificate("/ca.pem")
			.build()
			.usesTls()).isTrue();
	}

	@Test
	void authNeverShowsItsSecret() {
		assertThat(NatsAuth.of("app", "pa55word", null)).hasToString("UserPassword[username=app, password=******]");
		assertThat(NatsAuth.of(null, null, "t0ken")).hasToString("Token[******]");
		NatsConnectionSettings settings = NatsConnectionSettings.builder()
			.servers(List.of("127.0.0.1:4000"))
			.auth(NatsAuth.of("app", "pa55word", null))
			.build();
		assertThat(settings.toString()).doesNotContain("pa55word");
	}

	@Test
	void credentialsInServerUrlsNeverShow() {
		NatsConnectionSettings settings = NatsConnectionSettings.builder()
			.servers(List.of("nats://app:pa55word@127.0.0.1:4000"))
			.build();
		assertThat(settings.toString()).contains("nats://******@127.0.0.1:4000").doesNotContain("pa55word");
		assertThatExceptionOfType(InvalidNatsSettingException.class)
			.isThrownBy(() -> NatsConnectionSettings.builder().servers(List.of("app:pa55word@127.0.0.1:x")).build())
			.withMessageContaining("'******@127.0.0.1:x'")
			.withMessageNotContaining("pa55word");
	}

	@Test
	void noAuthKeysMeansNoAuth() {
		assertThat(NatsAuth.of(null, null, null)).isNull();
	}

	@Test
	void invalidSettingNamesTheKeyNotTheValue() {
		assertThatExceptionOfType(InvalidNatsSettingException.class)
			.isThrownBy(() -> NatsAuth.of(null, "pa55word", null))
			.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("auth.username"))
			.withMessageNotContaining("pa55word");
	}

	@Test
	void emptyTokenIsRejected() {
		assertThatExceptionOfType(InvalidNatsSettingException.class).isThrownBy(() -> NatsAuth.of(null, null, ""))
			.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("auth.token"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "line\nbreak", "carriage\rreturn", "n\"}\r\nPUB fz.evil 3\r\nabc\r\n", "quote\"d",
			"back\\slash", "tab\there", "nul\u0000", "del\u007f" })
	void nameThatCouldBreakTheConnectLineIsRejected(String name) {
		assertThatExceptionOfType(InvalidNatsSettingException.class)
			.isThrownBy(() -> NatsConnectionSettings.builder().servers(List.of("127.0.0.1:4000")).name(name).build())
			.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("name"))
			.withMessage("name: must not contain control characters such as line breaks, '\"' or '\\'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "orders-client", "Orders client (eu-west) #1", "clïent-é", "a/b:c@d" })
	void ordinaryNameIsKept(String name) {
		assertThat(NatsConnectionSettings.builder().servers(List.of("127.0.0.1:4000")).name(name).build().name())
			.isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "nats://t%22ok@127.0.0.1:4000", "nats://t%5Cok@127.0.0.1:4000",
			"nats://t%0D%0APUB%20x%201%0D%0Aa@127.0.0.1:4000" })
	void tokenInAnAddressThatCouldBreakTheConnectLineIsRejected(String address) {
		assertThatExceptionOfType(InvalidNatsSettingException.class)
			.isThrownBy(() -> NatsConnectionSettings.builder().servers(List.of(address)).build())
			.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("servers[0]"))
			.withMessage("servers[0]: the token in the address must not contain control characters, '\"' or '\\'; "
					+ "set it as auth.token instead");
	}

	@Test
	void userAndPasswordInAnAddressAreLeftToJnatsWhichEscapesThem() {
		assertThat(NatsConnectionSettings.builder()
			.servers(List.of("nats://u%22:p%5C@127.0.0.1:4000"))
			.build()
			.servers()).containsExactly("nats://u%22:p%5C@127.0.0.1:4000");
	}

}
