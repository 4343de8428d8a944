package io.kumo.nats.messaging.converter;

import java.nio.charset.StandardCharsets;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code byte[]} passes as it is, text is UTF-8 unless its Content-Type names another charset,
 * and anything else fails with a message that says what to do.
 */
class SimpleNatsMessageConverterTests {

	private final SimpleNatsMessageConverter converter = new SimpleNatsMessageConverter();

	@Test
	void bytesRoundTripUnchangedAndWithoutHeaders() {
		byte[] payload = { 0, 1, (byte) 0xff };
		Headers headers = new Headers();
		byte[] body = this.converter.toBody(payload, headers);
		assertThat(body).isSameAs(payload);
		assertThat(headers.isEmpty()).isTrue();
		assertThat((byte[]) this.converter.fromMessage(message("raw", headers, body), byte[].class))
			.containsExactly(0, 1, 0xff);
	}

	@Test
	void textIsWrittenAsUtf8WithContentTypeAndReadBack() {
		Headers headers = new Headers();
		byte[] body = this.converter.toBody("grüße", headers);
		assertThat(body).isEqualTo("grüße".getBytes(StandardCharsets.UTF_8));
		assertThat(headers.getFirst("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
		assertThat(this.converter.fromMessage(message("text", headers, body), String.class)).isEqualTo("grüße");
	}

	@Test
	void contentTypeCharsetIsHonouredOnReceive() {
		Headers headers = new Headers().put("Content-Type", "text/plain; charset=ISO-8859-1");
		byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
		assertThat(this.converter.fromMessage(message("text", headers, latin1), String.class)).isEqualTo("café");
	}

	@Test
	void givenContentTypeIsKeptAndItsCharsetUsedOnSend() {
		Headers headers = new Headers().put("Content-Type", "text/csv;charset=ISO-8859-1");
		byte[] body = this.converter.toBody("café", headers);
		assertThat(body).isEqualTo("café".getBytes(StandardCharsets.ISO_8859_1));
		assertThat(headers.getFirst("Content-Type")).isEqualTo("text/csv;charset=ISO-8859-1");
	}

	@Test
	void unknownCharsetFailsNamingTheSubject() {
		Headers headers = new Headers().put("Content-Type", "text/plain;charset=no-such-charset");
		assertThatExceptionOfType(NatsMessageConversionException.class)
			.isThrownBy(() -> this.converter.fromMessage(message("orders.new", headers, new byte[] { 65 }),
					String.class))
			.withMessageContaining("'orders.new'")
			.withMessageContaining("not a valid media type");
	}

	@Test
	void objectsAreRefusedWithAHint() {
		assertThatExceptionOfType(NatsMessageConversionException.class)
			.isThrownBy(() -> this.converter.toBody(new Greeting("hi"), new Headers()))
			.withMessageContaining(Greeting.class.getName())
			.withMessageContaining("NatsMessageConverter bean");
	}

	@Test
	void readingAnObjectFailsNamingTheSubjectWithABoundedPrefix() {
		byte[] large = "x".repeat(10 * 1024).getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(NatsMessageConversionException.class)
			.isThrownBy(() -> this.converter.fromMessage(message("big.one", null, large), Greeting.class))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("'big.one'", "10240 bytes", Greeting.class.getName());
				assertThat(ex.getMessage()).hasSizeLessThan(400);
			});
	}

	static Message message(String subject, Headers headers, byte[] body) {
		return NatsMessage.builder().subject(subject).headers(headers).data(body).build();
	}

	record Greeting(String text) {
	}

}
