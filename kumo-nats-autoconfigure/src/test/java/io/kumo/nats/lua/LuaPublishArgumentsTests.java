package io.kumo.nats.lua;

import java.net.ServerSocket;
import java.util.Map;

import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token example of the specification, and every bad argument of the client's methods, against
 * a real JetStream server with token authentication.
 */
class LuaPublishArgumentsTests {

	private static final String TOKEN = "kumo-T0ken-42";

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream().token(TOKEN));

	private final LuaScriptsFixture fixture = new LuaScriptsFixture();

	@BeforeAll
	static void createStream() throws Exception {
		try (Connection connection = Nats.connect(Options.builder().server(nats.server().url()).token(TOKEN.toCharArray()).build())) {
			connection.jetStreamManagement()
				.addStream(StreamConfiguration.builder().name("EVENTS").subjects("events.>").storageType(StorageType.Memory).build());
		}
	}

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void specificationTokenExampleConnectsAndPublishes() throws Exception {
		int unusedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			unusedPort = socket.getLocalPort();
		}
		Object ack = this.fixture.scripts.run("""
				local nats = kumo.nats.connect {
				  servers = {'%s', '127.0.0.1:%d'},
				  -- optional arguments for authentication and connection behavior
				  name = 'nats-client',
				  auth = {
				    token = '%s',
				  }
				}
				local ack = nats:publish { subject = 'events.token', payload = 'hello' }
				nats:close()
				return ack
				""".formatted(nats.server().address(), unusedPort, TOKEN));
		assertThat(ack).isEqualTo(Map.of("stream", "EVENTS", "sequence", ((Map<?, ?>) ack).get("sequence"),
				"duplicate", false, "value", ""));
	}

	@Test
	void plainStringAuthIsTheToken() {
		assertThat(this.fixture.scripts.run("""
				local client = kumo.nats.connect { servers = { '%s' }, auth = '%s', connection_timeout = '2s' }
				local ack = client:publish { subject = 'events.plain', payload = 'x' }
				client:close()
				return ack.stream
				""".formatted(nats.server().address(), TOKEN))).isEqualTo("EVENTS");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			not a table         | client:publish('events.x')                                                   | client:publish: expected a table such as { subject = 'orders.created', payload = '...' }, got string
			missing subject     | client:publish { payload = 'x' }                                             | client:publish: subject: is required: a string such as 'orders.created'
			missing payload     | client:publish { subject = 'events.x' }                                      | client:publish: payload: is required: a string such as 'hello' (any bytes)
			subject wrong type  | client:publish { subject = 42, payload = 'x' }                               | client:publish: subject: expected a string, got number
			payload wrong type  | client:publish { subject = 'events.x', payload = {} }                        | client:publish: payload: expected a string, got table
			bad subject         | client:publish { subject = 'events x', payload = 'x' }                       | client:publish: subject: is not a valid subject
			unknown key         | client:publish { subject = 'events.x', payload = 'x', body = 'y' }           | client:publish: unknown key 'body'; valid keys are: await_ack, headers, payload, subject
			await_ack not bool  | client:publish { subject = 'events.x', payload = 'x', await_ack = 'no' }      | client:publish: await_ack: expected a boolean (true or false), got string
			header with space   | client:publish { subject = 'events.x', payload = 'x', headers = { ['X Bad'] = 'v' } } | client:publish: headers['X Bad']: header names must be non-empty printable ASCII without spaces or colons
			header with colon   | client:publish { subject = 'events.x', payload = 'x', headers = { ['X:Bad'] = 'v' } } | client:publish: headers['X:Bad']: header names must be non-empty printable ASCII without spaces or colons
			header non-ASCII    | client:publish { subject = 'events.x', payload = 'x', headers = { ['X-Grüße'] = 'v' } } | client:publish: headers['X-Grüße']: header names must be non-empty printable ASCII
			header empty        | client:publish { subject = 'events.x', payload = 'x', headers = { [''] = 'v' } } | client:publish: headers['']: header names must be non-empty printable ASCII
			header value type   | client:publish { subject = 'events.x', payload = 'x', headers = { ['X-N'] = 5 } } | client:publish: headers['X-N']: expected a string value, got number
			header value bytes  | client:publish { subject = 'events.x', payload = 'x', headers = { ['X-N'] = 'a\\nb' } } | client:publish: headers['X-N']: header values must be printable ASCII
			headers not table   | client:publish { subject = 'events.x', payload = 'x', headers = 'X: y' }     | client:publish: headers: expected a table of header names to string values, got string
			core missing subject| client:publish_core { payload = 'x' }                                        | client:publish_core: subject: is required
			request bad timeout | client:request { subject = 'events.x', payload = 'x', timeout = 0 }          | client:request: timeout: must be a duration greater than zero
			request unknown key | client:request { subject = 'events.x', payload = 'x', await_ack = true }     | client:request: unknown key 'await_ack'; valid keys are: headers, payload, subject, timeout
			flush bad timeout   | client:flush('later')                                                        | client:flush: timeout: 'later' is not a duration
			dot instead of colon| client.publish { subject = 'events.x', payload = 'x' }                       | client:publish: call it on a client with a colon, as in client:publish{ ... }
			""")
	void badArgumentRaisesCatchableLuaErrorNamingTheKey(String description, String call, String expected) {
		Object result = this.fixture.scripts.run("""
				local client = kumo.nats.connect { servers = { '%s' }, auth = { token = '%s' } }
				local ok, err = pcall(function() return %s end)
				local ack = client:publish { subject = 'events.after', payload = 'still works' }
				client:close()
				return { ok = ok, err = err, stream = ack.stream }
				""".formatted(nats.server().address(), TOKEN, call));
		Map<?, ?> values = (Map<?, ?>) result;
		assertThat(values.get("ok")).isEqualTo(false);
		assertThat(values.get("stream")).isEqualTo("EVENTS");
		assertThat((String) values.get("err")).contains(expected).doesNotContain(TOKEN);
	}

	@Test
	void flushWaitsForTheServer() {
		assertThat(this.fixture.scripts.run("""
				local client = kumo.nats.connect { servers = { '%s' }, auth = { key_data = '%s' } }
				client:flush({ secs = 2 })
				client:close()
				return true
				""".formatted(nats.server().address(), TOKEN))).isEqualTo(true);
	}

}
