package io.kumo.nats.sample;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.kumo.nats.test.FreePorts;
import io.kumo.nats.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample app, started as a user would start it, against a real nats-server with
 * JetStream and a password: messages posted over HTTP land in the stream through the Lua policy,
 * and health follows the server down and up again.
 */
class SampleApplicationIT {

	private static final String PASSWORD = "it-only-Pa55";

	private NatsServer server;

	private Process app;

	private SampleHttp http;

	@BeforeEach
	void start() throws Exception {
		this.server = NatsServer.builder().jetStream().user("kumo", PASSWORD).start();
		int port = FreePorts.next();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions());
		command.addAll(List.of("-jar", System.getProperty("sample.jar"), "--server.port=" + port));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(new File("target/" + getClass().getSimpleName() + ".log"));
		builder.environment().put("NATS_URL", this.server.url());
		builder.environment().put("NATS_USER", "kumo");
		builder.environment().put("NATS_PASSWORD", PASSWORD);
		this.app = builder.start();
		this.http = new SampleHttp(port);
		await().atMost(Duration.ofSeconds(90)).until(() -> this.app.isAlive() && this.http.healthIs(200));
	}

	/**
	 * Options for the application's JVM.
	 * @return the options, none by default
	 */
	List<String> jvmOptions() {
		return List.of();
	}

	@AfterEach
	void stop() throws Exception {
		this.app.destroy();
		this.app.waitFor();
		this.server.close();
	}

	@Test
	void messagesGoThroughTheLuaPolicyIntoTheStream() throws Exception {
		assertAck(this.http.post("/messages", "first", "Message-Id", "m-1"), 1, false);
		assertAck(this.http.post("/messages", "second", "Message-Id", "m-2"), 2, false);
		assertAck(this.http.post("/messages", "first again", "Message-Id", "m-1"), 1, true);
		try (Connection reader = Nats.connect(Options.builder()
			.server(this.server.url())
			.userInfo("kumo".toCharArray(), PASSWORD.toCharArray())
			.build())) {
			assertThat(new String(reader.jetStreamManagement().getMessage("MESSAGES", 1).getData(),
					StandardCharsets.UTF_8)).isEqualTo("first");
			assertThat(new String(reader.jetStreamManagement().getMessage("MESSAGES", 2).getData(),
					StandardCharsets.UTF_8)).isEqualTo("second");
			assertThat(reader.jetStreamManagement().getStreamInfo("MESSAGES").getStreamState().getMsgCount())
				.isEqualTo(2);
		}
	}

	@Test
	void theStreamsMessagesAreArchivedAndAPoisonedOneIsDeadLettered() throws Exception {
		assertAck(this.http.post("/messages", "to archive", "Message-Id", "a-1"), 1, false);
		assertAck(this.http.post("/messages", "poison pill", "Message-Id", "a-2"), 2, false);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.http.get("/messages/archived").body(), (body) -> body.contains("to archive"));
		try (Connection reader = Nats.connect(Options.builder()
			.server(this.server.url())
			.userInfo("kumo".toCharArray(), PASSWORD.toCharArray())
			.build())) {
			JetStreamManagement management = reader.jetStreamManagement();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> management.getStreamInfo("DEAD_MESSAGES").getStreamState().getMsgCount() == 1);
			MessageInfo dead = management.getMessage("DEAD_MESSAGES", 1);
			assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("poison pill");
			assertThat(dead.getHeaders().getFirst("Nats-Dead-Letter-Listener")).isEqualTo("archive");
			assertThat(dead.getHeaders().getFirst("Nats-Dead-Letter-Deliveries")).isEqualTo("3");
		}
		assertThat(this.http.get("/messages/archived").body()).doesNotContain("poison");
	}

	@Test
	void requestsGetTheEchoServiceReplyThroughTheLuaClient() throws Exception {
		HttpResponse<String> response = this.http.post("/requests", "ping");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(response.body(), "$.payload")).isEqualTo("PING");
	}

	@Test
	void theLuaHandlerAnswersRequestsWithWhatItsFunctionReturns() throws Exception {
		try (Connection requester = Nats.connect(Options.builder()
			.server(this.server.url())
			.userInfo("kumo".toCharArray(), PASSWORD.toCharArray())
			.build())) {
			Message reply = requester.request("sample.lua.echo", "ping".getBytes(StandardCharsets.UTF_8),
					Duration.ofSeconds(30));
			assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("lua: PING");
		}
	}

	@Test
	void greetingsAreSentAsJsonWithTheTemplate() throws Exception {
		try (Connection reader = Nats.connect(Options.builder()
			.server(this.server.url())
			.userInfo("kumo".toCharArray(), PASSWORD.toCharArray())
			.build())) {
			Subscription greetings = reader.subscribe("sample.greetings");
			reader.flush(Duration.ofSeconds(10));
			HttpResponse<String> response = this.http.post("/greetings", "Ada");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			Message greeting = greetings.nextMessage(Duration.ofSeconds(10));
			assertThat(greeting).isNotNull();
			assertThat(greeting.getHeaders().getFirst("Content-Type")).isEqualTo("application/json");
			String json = new String(greeting.getData(), StandardCharsets.UTF_8);
			assertThat((String) JsonPath.read(json, "$.name")).isEqualTo("Ada");
			assertThat((String) JsonPath.read(json, "$.text")).isEqualTo("Hello, Ada!");
		}
	}

	@Test
	void healthShowsEveryConnectionAndFollowsTheServer() throws Exception {
		String health = this.http.get("/actuator/health").body();
		assertThat((List<String>) JsonPath.read(health, "$.components.nats.components.*.status"))
			.containsExactly("UP", "UP");
		assertThat((String) JsonPath.read(health, "$.components.nats.components.events.details.url"))
			.isEqualTo(this.server.url());
		assertThat(health).doesNotContain(PASSWORD);
		this.server.stop();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.http.healthIs(503));
		assertThat((String) JsonPath.read(this.http.get("/actuator/health").body(),
				"$.components.nats.components.events.status")).isEqualTo("DOWN");
		this.server.restart();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.http.healthIs(200));
	}

	@Test
	void metricsCountTheRequestsOfTheRpcConnection() throws Exception {
		double before = requestsSent();
		this.http.post("/requests", "one");
		this.http.post("/requests", "two");
		assertThat(requestsSent()).isEqualTo(before + 2);
	}

	private double requestsSent() throws Exception {
		HttpResponse<String> metric = this.http.get("/actuator/metrics/nats.requests.sent?tag=name:rpc");
		assertThat(metric.statusCode()).isEqualTo(200);
		return ((Number) JsonPath.read(metric.body(), "$.measurements[0].value")).doubleValue();
	}

	private static void assertAck(HttpResponse<String> response, int sequence, boolean duplicate) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat((String) JsonPath.read(response.body(), "$.stream")).isEqualTo("MESSAGES");
		assertThat((Integer) JsonPath.read(response.body(), "$.sequence")).isEqualTo(sequence);
		assertThat((Boolean) JsonPath.read(response.body(), "$.duplicate")).isEqualTo(duplicate);
	}

}
