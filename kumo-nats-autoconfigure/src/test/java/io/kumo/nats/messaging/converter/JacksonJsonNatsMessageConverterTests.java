package io.kumo.nats.messaging.converter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static io.kumo.nats.messaging.converter.SimpleNatsMessageConverterTests.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Objects travel as JSON with {@code Content-Type: application/json}; a body whose Content-Type
 * says it is not JSON is refused for an object type; failures name the subject and show a bounded
 * prefix of the body, never the whole of it.
 */
class JacksonJsonNatsMessageConverterTests {

	private final JacksonJsonNatsMessageConverter converter = new JacksonJsonNatsMessageConverter(
			JsonMapper.builder().build());

	@Test
	void recordRoundTripsAsJson() {
		Headers headers = new Headers();
		byte[] body = this.converter.toBody(new Order("A-1", 3), headers);
		assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"A-1\",\"quantity\":3}");
		assertThat(headers.getFirst("Content-Type")).isEqualTo("application/json");
		assertThat(this.converter.fromMessage(message("orders", headers, body), Order.class))
			.isEqualTo(new Order("A-1", 3));
	}

	@Test
	void genericTypesAreRead() throws Exception {
		byte[] body = "[{\"id\":\"A\",\"quantity\":1},{\"id\":\"B\",\"quantity\":2}]".getBytes(StandardCharsets.UTF_8);
		Object orders = this.converter.fromMessage(message("orders", null, body),
				Holder.class.getDeclaredField("orders").getGenericType());
		assertThat(orders).isEqualTo(List.of(new Order("A", 1), new Order("B", 2)));
	}

	@Test
	void bytesAndTextPassAsWithTheSimpleConverter() {
		Headers headers = new Headers();
		assertThat(this.converter.toBody("plain", headers)).isEqualTo("plain".getBytes(StandardCharsets.UTF_8));
		assertThat(headers.getFirst("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
		byte[] bytes = { 1, 2 };
		Headers none = new Headers();
		assertThat(this.converter.toBody(bytes, none)).isSameAs(bytes);
		assertThat(none.isEmpty()).isTrue();
		assertThat(this.converter.fromMessage(message("s", null, "{\"id\":1}".getBytes(StandardCharsets.UTF_8)),
				String.class))
			.isEqualTo("{\"id\":1}");
	}

	@Test
	void jsonWithoutContentTypeAndVendorJsonAreRead() {
		byte[] body = "{\"id\":\"A\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
		assertThat(this.converter.fromMessage(message("s", null, body), Order.class)).isEqualTo(new Order("A", 1));
		Headers vendor = new Headers().put("Content-Type", "application/vnd.orders+json");
		assertThat(this.converter.fromMessage(message("s", vendor, body), Order.class)).isEqualTo(new Order("A", 1));
		assertThat(this.converter.fromMessage(message("s", vendor, body), Object.class))
			.isEqualTo(Map.of("id", "A", "quantity", 1));
	}

	@Test
	void aGivenJsonContentTypeIsKept() {
		Headers headers = new Headers().put("Content-Type", "application/vnd.orders+json");
		this.converter.toBody(new Order("A", 1), headers);
		assertThat(headers.get("Content-Type")).containsExactly("application/vnd.orders+json");
	}

	@Test
	void textBodyAskedForAsARecordFailsClearly() {
		Headers headers = new Headers().put("Content-Type", "text/plain;charset=UTF-8");
		byte[] body = "{\"id\":\"A\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(NatsMessageConversionException.class)
			.isThrownBy(() -> this.converter.fromMessage(message("orders.new", headers, body), Order.class))
			.withMessageContaining("'orders.new'")
			.withMessageContaining("text/plain")
			.withMessageContaining(Order.class.getTypeName())
			.withMessageContaining("only JSON");
		assertThat(this.converter.fromMessage(message("orders.new", headers, body), Object.class))
			.isEqualTo("{\"id\":\"A\",\"quantity\":1}");
	}

	@Test
	void unreadableJsonNamesTheSubjectAndNeverShowsAWholeLargeBody() {
		String secretTail = "TAIL-THAT-MUST-NOT-APPEAR";
		String large = "{\"id\":\"" + "y".repeat(10 * 1024) + secretTail + "\",\"quantity\":\"many\"}";
		assertThatExceptionOfType(NatsMessageConversionException.class)
			.isThrownBy(() -> this.converter.fromMessage(
					message("orders.big", null, large.getBytes(StandardCharsets.UTF_8)), Order.class))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("'orders.big'", Order.class.getTypeName(), "{\"id\":\"yyy");
				assertThat(ex.getMessage()).doesNotContain(secretTail);
				assertThat(ex.getMessage()).hasSizeLessThan(600);
			});
	}

	@Test
	void notJsonAtAllNamesTheSubject() {
		byte[] body = "not json".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(NatsMessageConversionException.class)
			.isThrownBy(() -> this.converter.fromMessage(message("orders.bad", null, body), Order.class))
			.withMessageContaining("'orders.bad'")
			.withMessageContaining("'not json'");
	}

	@Test
	void unwritablePayloadFailsNamingItsType() {
		assertThatExceptionOfType(NatsMessageConversionException.class)
			.isThrownBy(() -> this.converter.toBody(new Unwritable(), new Headers()))
			.withMessageContaining(Unwritable.class.getName())
			.withMessageContaining("JSON");
	}

	record Order(String id, int quantity) {
	}

	static final class Unwritable {

		public String getValue() {
			throw new IllegalStateException("no value");
		}

	}

	static final class Holder {

		List<Order> orders;

	}

}
