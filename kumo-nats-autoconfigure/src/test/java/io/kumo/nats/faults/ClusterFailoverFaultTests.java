package io.kumo.nats.faults;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.test.NatsCluster;
import io.kumo.nats.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A three-node cluster with a replicated (R3) file-backed stream loses, to SIGKILL, the node the
 * application is connected to during a publish loop: the connection moves to another node, the
 * publish in flight is sent again with its {@code Nats-Msg-Id}, and no acknowledged message is
 * lost or stored twice. When the killed node led the stream, the others elect a new leader first
 * (a second or two on a loaded machine); a publish that finds no leader through its retries fails
 * with "no responders", which is definite: none of those is stored.
 */
@Timeout(300)
class ClusterFailoverFaultTests {

	private static final int MESSAGES = 20_000;

	private static final int ACKED_BEFORE_KILL = 300;

	private static final int ACKED_AFTER_KILL = 300;

	private static final String NO_LEADER = "503 No Responders Available For Request";

	@Test
	void losingTheConnectedNodeLosesNoAcknowledgedMessage() throws Exception {
		try (NatsCluster cluster = NatsCluster.builder().size(3).jetStream().start()) {
			StoredMessages.createStream(cluster.urls(), "ORDERS", "orders.>", 3);
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class))
				.withPropertyValues("kumo.nats.connections.orders.servers=" + cluster.urls(),
						"kumo.nats.connections.orders.retain-servers-order=true")
				.run((context) -> {
					JetStream jetStream = context.getBean(JetStream.class);
					RegisteredNatsConnection orders = context.getBean(NatsConnectionRegistry.class).get("orders");
					byte[] payload = "order".getBytes(StandardCharsets.UTF_8);
					PublishLoop loop = new PublishLoop("cluster-", MESSAGES, (id) -> jetStream.publish("orders.new",
							new Headers().put(NatsJetStreamConstants.MSG_ID_HDR, id), payload),
							ServerCrashFaultTests::javaOutcome);
					NatsServer connected;
					try (loop) {
						loop.start().awaitAcked(ACKED_BEFORE_KILL, Duration.ofSeconds(120));
						connected = connectedNode(cluster, orders.connection());
						connected.kill();
						long killed = System.nanoTime();
						int ackedAtKill = loop.ids(PublishLoop.Outcome.ACKED).size();
						Duration resumedAfter = loop.awaitAckAfter(killed, Duration.ofSeconds(60));
						loop.awaitAcked(ackedAtKill + ACKED_AFTER_KILL, Duration.ofSeconds(120));
						loop.stop(Duration.ofSeconds(30));
						assertThat(resumedAfter).as("publishing resumed on another node")
							.isLessThan(Duration.ofSeconds(30));
					}
					assertThat(orders.connection().getConnectedUrl()).isNotNull()
						.doesNotEndWith(":" + connected.port());
					assertThat(orders.events().disconnects()).isEqualTo(1);
					Set<String> acked = loop.ids(PublishLoop.Outcome.ACKED);
					String survivors = cluster.servers()
						.stream()
						.filter(NatsServer::isRunning)
						.map(NatsServer::url)
						.reduce((first, second) -> first + "," + second)
						.orElseThrow();
					StoredMessages stored = StoredMessages.read(survivors, "ORDERS");
					Set<String> lost = new HashSet<>(acked);
					lost.removeAll(stored.ids());
					Set<String> storedNotAcked = new HashSet<>(stored.ids());
					storedNotAcked.removeAll(acked);
					storedNotAcked.removeAll(loop.ids(PublishLoop.Outcome.UNKNOWN));
					Set<String> failed = loop.ids(PublishLoop.Outcome.FAILED);
					assertThat(loop.failures()).as("failures other than the stream's leader election")
						.allMatch((failure) -> !failure.contains(": FAILED: ") || failure.contains(NO_LEADER));
					assertThat(failed).as("reported failed but stored").doesNotContainAnyElementsOf(stored.ids());
					assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKED_BEFORE_KILL + ACKED_AFTER_KILL);
					assertThat(lost).as("acknowledged but not stored").isEmpty();
					assertThat(stored.duplicates()).as("stored twice").isZero();
					assertThat(storedNotAcked).as("stored but reported neither acknowledged nor unknown").isEmpty();
				});
		}
	}

	private static NatsServer connectedNode(NatsCluster cluster, Connection connection) {
		int port = URI.create(connection.getConnectedUrl()).getPort();
		return cluster.servers().stream().filter((server) -> server.port() == port).findFirst().orElseThrow();
	}

}
