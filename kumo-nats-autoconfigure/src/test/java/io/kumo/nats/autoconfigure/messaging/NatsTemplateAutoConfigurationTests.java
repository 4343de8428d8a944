package io.kumo.nats.autoconfigure.messaging;

import java.nio.charset.StandardCharsets;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.messaging.converter.JacksonJsonNatsMessageConverter;
import io.kumo.nats.messaging.converter.NatsMessageConverter;
import io.kumo.nats.messaging.converter.SimpleNatsMessageConverter;
import io.kumo.nats.messaging.core.NatsTemplate;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template bean per configured connection, qualified by its name, the primary connection's
 * template primary; the converter is JSON through the application's mapper when there is one.
 */
class NatsTemplateAutoConfigurationTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, JacksonAutoConfiguration.class,
				NatsTemplateAutoConfiguration.class));

	@Test
	void templatePerConnectionQualifiedByNameAndPrimaryLikeItsConnection() {
		this.contextRunner
			.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address(),
					"kumo.nats.connections.audit.servers=" + nats.server().address(),
					"kumo.nats.connections.audit.primary=true")
			.withUserConfiguration(QualifiedUser.class)
			.run((context) -> {
				assertThat(context).getBeanNames(NatsTemplate.class)
					.containsExactlyInAnyOrder("ordersNatsTemplate", "auditNatsTemplate");
				assertThat(context.getBean(NatsTemplate.class).getConnectionName()).isEqualTo("audit");
				assertThat(context.getBean("ordersNatsTemplate", NatsTemplate.class).getConnectionName())
					.isEqualTo("orders");
				QualifiedUser user = context.getBean(QualifiedUser.class);
				assertThat(user.orders.getConnectionName()).isEqualTo("orders");
				assertThat(user.primary.getConnectionName()).isEqualTo("audit");
			});
	}

	@Test
	void templateSendsOnItsOwnConnection() {
		this.contextRunner
			.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address(),
					"kumo.nats.connections.orders.name=orders-client",
					"kumo.nats.connections.audit.servers=" + nats.server().address(),
					"kumo.nats.connections.audit.no-echo=true")
			.run((context) -> {
				Connection audit = context.getBean("auditNatsConnection", Connection.class);
				Subscription subscription = audit.subscribe("own.connection");
				audit.flush(java.time.Duration.ofSeconds(10));
				context.getBean("auditNatsTemplate", NatsTemplate.class).send("own.connection", "from audit");
				context.getBean("ordersNatsTemplate", NatsTemplate.class).send("own.connection", "from orders");
				Message received = subscription.nextMessage(java.time.Duration.ofSeconds(10));
				assertThat(new String(received.getData(), StandardCharsets.UTF_8)).isEqualTo("from orders");
				assertThat(subscription.nextMessage(java.time.Duration.ofMillis(200))).isNull();
			});
	}

	@Test
	void theOnlyConnectionsTemplateIsPrimary() {
		this.contextRunner.withPropertyValues("kumo.nats.connections.main.servers=" + nats.server().address())
			.run((context) -> assertThat(context.getBean(NatsTemplate.class).getConnectionName()).isEqualTo("main"));
	}

	@Test
	void noTemplateWithoutConnections() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(NatsTemplate.class);
			assertThat(context).hasSingleBean(NatsMessageConverter.class);
		});
	}

	@Test
	void converterIsJsonThroughTheApplicationsMapper() {
		this.contextRunner.withPropertyValues("kumo.nats.connections.main.servers=" + nats.server().address())
			.withUserConfiguration(SnakeCaseMapper.class)
			.run((context) -> {
				assertThat(context.getBean(NatsMessageConverter.class))
					.isInstanceOf(JacksonJsonNatsMessageConverter.class);
				Headers headers = new Headers();
				byte[] body = context.getBean(NatsMessageConverter.class).toBody(new Order("A-1", 2), headers);
				assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"order_id\":\"A-1\",\"item_count\":2}");
			});
	}

	@Test
	void converterIsSimpleWithoutAMapperBean() {
		new ApplicationContextRunner().withConfiguration(
				AutoConfigurations.of(NatsAutoConfiguration.class, NatsTemplateAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(NatsMessageConverter.class))
				.isExactlyInstanceOf(SimpleNatsMessageConverter.class));
	}

	@Test
	void converterIsSimpleWithoutJackson() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.run((context) -> assertThat(context.getBean(NatsMessageConverter.class))
				.isExactlyInstanceOf(SimpleNatsMessageConverter.class));
	}

	@Test
	void applicationsConverterIsUsed() {
		this.contextRunner.withBean("customConverter", NatsMessageConverter.class, SimpleNatsMessageConverter::new)
			.run((context) -> assertThat(context).getBean(NatsMessageConverter.class)
				.isSameAs(context.getBean("customConverter")));
	}

	record Order(String orderId, int itemCount) {
	}

	@Configuration(proxyBeanMethods = false)
	static class SnakeCaseMapper {

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		}

	}

	static class QualifiedUser {

		final NatsTemplate orders;

		final NatsTemplate primary;

		QualifiedUser(@Qualifier("orders") NatsTemplate orders, NatsTemplate primary) {
			this.orders = orders;
			this.primary = primary;
		}

	}

}
