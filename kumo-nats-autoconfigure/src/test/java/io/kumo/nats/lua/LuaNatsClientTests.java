package io.kumo.nats.lua;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.kumo.nats.connection.NatsConnectionOrigin;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.settings.NatsAuth;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The client object against a real JetStream server with user and password.
 */
class LuaNatsClientTests {

	private static final String USER = "kumo";

	private static final String PASSWORD = "s3cret-Passw0rd";

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream().user(USER, PASSWORD));

	private static Connection observer;

	private final LuaScriptsFixture fixture = new LuaScriptsFixture();

	@BeforeAll
	static void createStream() throws Exception {
		observer = Nats.connect(Options.builder().server(nats.server().url()).userInfo(USER, PASSWORD).build());
		JetStreamManagement management = observer.jetStreamManagement();
		management.addStream(StreamConfiguration.builder()
			.name("MAIL")
			.subjects("mail.>")
			.storageType(StorageType.Memory)
			.duplicateWindow(Duration.ofMinutes(1))
			.build());
	}

	@AfterAll
	static void closeObserver() throws InterruptedException {
		observer.close();
	}

	@AfterEach
	void closeFixture() {
		this.fixture.close();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	private String connect(String extra) {
		return "kumo.nats.connect { servers = { '%s' }, auth = { username = '%s', password = '%s' }%s }"
			.formatted(nats.server().address(), USER, PASSWORD, extra);
	}

	@Test
	void specificationUserPasswordExampleConnectsAndPublishes() {
		Object ack = this.fixture.scripts.run("""
				local nats = kumo.nats.connect {
				  servers = {'%s'},
				  -- optional arguments for authentication and connection behavior
				  name = 'nats-client',
				  auth = {
				    username = '%s',
				    password = '%s',
				  }
				}
				local ack = nats:publish { subject = 'mail.spec', payload = 'hello' }
				nats:close()
				return ack
				""".formatted(nats.server().address(), USER, PASSWORD));
		assertThat(map(ack)).containsEntry("stream", "MAIL").containsEntry("duplicate", false).containsKey("sequence");
	}

	@Test
	void kumoStyleScriptPublishesWithDeduplicationThenClientIsClosed() {
		Object result = this.fixture.scripts.run("""
				local client = %s
				local first = client:publish { subject = 'mail.kumo', payload = 'one', headers = { ['Nats-Msg-Id'] = 'k-1' } }
				local second = client:publish { subject = 'mail.kumo', payload = 'two', headers = { ['Nats-Msg-Id'] = 'k-2' } }
				local repeat_ = client:publish { subject = 'mail.kumo', payload = 'one', headers = { ['Nats-Msg-Id'] = 'k-1' } }
				client:close()
				client:close()
				local ok, err = pcall(function() return client:publish { subject = 'mail.kumo', payload = 'x' } end)
				local ok2, err2 = pcall(function() return client:request { subject = 'mail.kumo', payload = 'x' } end)
				return { first = first, second = second, repeat_ = repeat_, ok = ok, err = err, err2 = err2,
				  text = tostring(client) }
				""".formatted(connect("")));
		Map<String, Object> values = map(result);
		Map<String, Object> first = map(values.get("first"));
		Map<String, Object> second = map(values.get("second"));
		Map<String, Object> repeat = map(values.get("repeat_"));
		assertThat(first).containsEntry("stream", "MAIL").containsEntry("duplicate", false).containsEntry("value", "");
		assertThat((Long) second.get("sequence")).isEqualTo((Long) first.get("sequence") + 1);
		assertThat(repeat).containsEntry("duplicate", true).containsEntry("sequence", first.get("sequence"));
		assertThat(values.get("ok")).isEqualTo(false);
		assertThat((String) values.get("err")).endsWith("client was closed");
		assertThat((String) values.get("err2")).endsWith("client was closed");
		assertThat((String) values.get("text")).contains("(closed)");
		assertThat(this.fixture.registry.connections()).isEmpty();
	}

	@Test
	void allByteValuesAndHeadersArriveUnchanged() throws Exception {
		Subscription subscription = observer.subscribe("mail.binary");
		observer.flush(Duration.ofSeconds(5));
		this.fixture.scripts.run("""
				local bytes = {}
				for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
				local client = %s
				client:publish { subject = 'mail.binary', payload = table.concat(bytes) .. table.concat(bytes),
				  headers = { ['X-Kumo-Queue'] = 'example.com', ['Nats-Msg-Id'] = 'binary-1' } }
				client:close()
				""".formatted(connect("")));
		Message message = subscription.nextMessage(Duration.ofSeconds(5));
		byte[] expected = new byte[512];
		for (int i = 0; i < 512; i++) {
			expected[i] = (byte) i;
		}
		assertThat(message.getData()).isEqualTo(expected);
		assertThat(message.getHeaders().getFirst("X-Kumo-Queue")).isEqualTo("example.com");
		assertThat(message.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("binary-1");
	}

	@Test
	void publishWithoutAwaitingAckReturnsEmptyTableAndDelivers() throws Exception {
		Subscription subscription = observer.subscribe("mail.async");
		observer.flush(Duration.ofSeconds(5));
		Object result = this.fixture.scripts.run("""
				local client = %s
				local result = client:publish { subject = 'mail.async', payload = 'later', await_ack = false }
				client:flush()
				client:close()
				return { empty = next(result) == nil }
				""".formatted(connect("")));
		assertThat(result).isEqualTo(Map.of("empty", true));
		assertThat(subscription.nextMessage(Duration.ofSeconds(5)).getData()).isEqualTo("later".getBytes());
	}

	@Test
	void failedPublishWithoutAwaitingAckIsCounted() {
		NatsLuaScript script = this.fixture.scripts.compile("async.lua", """
				client = %s
				function send() return client:publish { subject = 'nostream.async', payload = 'lost', await_ack = false } end
				""".formatted(connect(", name = 'async-failures'")));
		assertThat(script.call("send")).isEqualTo(Map.of());
		RegisteredNatsConnection connection = this.fixture.registry.get("async-failures");
		await().atMost(Duration.ofSeconds(10)).until(() -> connection.events().failedPublishes() == 1);
		assertThat(connection.events().lastError()).contains("503");
	}

	@Test
	void subjectWithoutStreamRaisesKumoError() {
		Object result = this.fixture.scripts.run("""
				local client = %s
				local ok, err = pcall(function() return client:publish { subject = 'nostream.sync', payload = 'x' } end)
				local ack = client:publish { subject = 'mail.after-error', payload = 'still works' }
				client:close()
				return { ok = ok, err = err, stream = ack.stream }
				""".formatted(connect("")));
		assertThat(map(result)).containsEntry("ok", false).containsEntry("stream", "MAIL");
		assertThat((String) map(result).get("err")).endsWith("no stream found for given subject");
	}

	@Test
	void missingAckTimesOutWithKumoError() throws Exception {
		Subscription silent = observer.subscribe("silent.ack");
		observer.flush(Duration.ofSeconds(5));
		long started = System.nanoTime();
		Object error = this.fixture.scripts.run("""
				local client = %s
				local ok, err = pcall(function() return client:publish { subject = 'silent.ack', payload = 'x' } end)
				client:close()
				return err
				""".formatted(connect(", request_timeout = '300ms'")));
		assertThat((String) error).endsWith("timed out: didn't receive ack in time");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		silent.unsubscribe();
	}

	@Test
	void requestGetsReplyWithPayloadAndHeaders() throws Exception {
		Dispatcher responder = observer.createDispatcher((message) -> {
			Headers headers = new Headers().add("X-Answer", "yes");
			observer.publish(message.getReplyTo(), headers, ("re:" + new String(message.getData())).getBytes());
		});
		responder.subscribe("service.echo");
		observer.flush(Duration.ofSeconds(5));
		try {
			Object reply = this.fixture.scripts.run("""
					local client = %s
					local reply = client:request { subject = 'service.echo', payload = 'ping', timeout = 5 }
					client:close()
					return reply
					""".formatted(connect("")));
			assertThat(map(reply)).containsEntry("payload", "re:ping").containsKey("subject");
			assertThat(map(map(reply).get("headers"))).containsEntry("X-Answer", "yes");
		}
		finally {
			observer.closeDispatcher(responder);
		}
	}

	@Test
	void requestWithoutResponderFailsWithinRequestTimeout() throws Exception {
		Subscription silent = observer.subscribe("service.silent");
		observer.flush(Duration.ofSeconds(5));
		long started = System.nanoTime();
		Object errors = this.fixture.scripts.run("""
				local client = %s
				local _, none = pcall(function() return client:request { subject = 'service.none', payload = 'x' } end)
				local _, slow = pcall(function() return client:request { subject = 'service.silent', payload = 'x' } end)
				client:close()
				return { none = none, slow = slow }
				""".formatted(connect(", request_timeout = '400ms'")));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		assertThat((String) map(errors).get("none")).contains("no responders").contains("service.none");
		assertThat((String) map(errors).get("slow")).contains("timed out").contains("400 ms");
		assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
		silent.unsubscribe();
	}

	@Test
	void coreJetStreamlessPublishAndFlush() throws Exception {
		Subscription subscription = observer.subscribe("plain.core");
		observer.flush(Duration.ofSeconds(5));
		this.fixture.scripts.run("""
				local client = %s
				client:publish_core { subject = 'plain.core', payload = 'core', headers = { ['X-A'] = 'b' } }
				client:flush('2s')
				client:close()
				""".formatted(connect("")));
		Message message = subscription.nextMessage(Duration.ofSeconds(5));
		assertThat(message.getData()).isEqualTo("core".getBytes());
		assertThat(message.getHeaders().getFirst("X-A")).isEqualTo("b");
	}

	@Test
	void scriptConnectionIsRegisteredWhileOpenAndLeavesOnClose() {
		NatsLuaScript script = this.fixture.scripts.compile("registry.lua", """
				function open() client = %s end
				function close() client:close() end
				""".formatted(connect(", name = 'policy'")));
		script.call("open");
		RegisteredNatsConnection registered = this.fixture.registry.get("policy");
		assertThat(registered.origin()).isEqualTo(NatsConnectionOrigin.SCRIPT);
		assertThat(registered.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
		script.call("close");
		assertThat(this.fixture.registry.find("policy")).isEmpty();
		assertThat(registered.connection().getStatus()).isEqualTo(Connection.Status.CLOSED);
	}

	@Test
	void runClosesConnectionsTheScriptLeftOpen() {
		this.fixture.scripts.run(connect(", name = 'forgotten'"));
		assertThat(this.fixture.registry.connections()).isEmpty();
	}

	@Test
	void configuredConnectionIsSharedAndStaysOpen() {
		RegisteredNatsConnection orders = this.fixture.factory.connect("orders", NatsConnectionOrigin.CONFIGURATION,
				NatsConnectionSettings.builder()
					.servers(List.of(nats.server().url()))
					.auth(NatsAuth.of(USER, PASSWORD, null))
					.build());
		Object result = this.fixture.scripts.run("""
				local orders = kumo.nats.connection('orders')
				local ack = orders:publish { subject = 'mail.shared', payload = 'x' }
				orders:close()
				local ok, err = pcall(function() return orders:publish { subject = 'mail.shared', payload = 'x' } end)
				local _, unknown = pcall(kumo.nats.connection, 'billing')
				return { stream = ack.stream, err = err, unknown = unknown }
				""");
		assertThat(map(result)).containsEntry("stream", "MAIL");
		assertThat((String) map(result).get("err")).endsWith("client was closed");
		assertThat((String) map(result).get("unknown")).contains("'billing'").contains("[orders]");
		assertThat(this.fixture.registry.find("orders")).containsSame(orders);
		assertThat(orders.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
	}

	@Test
	void wrongPasswordFailsWithoutEchoingIt() {
		assertThatExceptionOfType(NatsLuaScriptException.class)
			.isThrownBy(() -> this.fixture.scripts.run("kumo.nats.connect { servers = { '%s' }, auth = { username = '%s', password = 'wrong-Secret-42' }, connection_timeout = '1s' }"
				.formatted(nats.server().address(), USER)))
			.withMessageContaining("kumo.nats.connect")
			.withMessageNotContaining("wrong-Secret-42");
		assertThat(this.fixture.registry.connections()).isEmpty();
	}

	@Test
	void sixteenThreadsConnectPublishAndClose() throws Exception {
		NatsLuaScript script = this.fixture.scripts.compile("burst.lua", """
				local client = %s
				local sequences = {}
				for i = 1, 20 do
				  local ack = client:publish { subject = 'mail.burst', payload = 'm' .. i }
				  assert(ack.stream == 'MAIL' and ack.sequence > 0 and not ack.duplicate)
				  sequences[#sequences + 1] = ack.sequence
				end
				client:close()
				return #sequences
				""".formatted(connect("")));
		ExecutorService executor = Executors.newFixedThreadPool(16);
		try {
			List<Callable<Object>> runs = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				runs.add(script::run);
			}
			for (Future<Object> run : executor.invokeAll(runs)) {
				assertThat(run.get()).isEqualTo(20L);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.fixture.registry.connections()).isEmpty();
	}

}
