package io.kumo.nats.test;

import java.util.List;
import java.util.stream.Collectors;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NatsClusterTests {

	@Test
	void clientLearnsEveryNodeOnLoopback() throws Exception {
		List<Long> pids;
		try (NatsCluster cluster = NatsCluster.start(3)) {
			pids = cluster.servers().stream().map(NatsServer::pid).collect(Collectors.toList());
			List<String> expected = cluster.servers()
				.stream()
				.map(NatsServer::url)
				.collect(Collectors.toList());
			try (Connection connection = Nats.connect(Clients.options(cluster.server(0)).build())) {
				assertThat(connection.getServers()).containsExactlyInAnyOrderElementsOf(expected);
			}
			assertThat(cluster.server(1).monitor("/routez")).contains("127.0.0.1");
		}
		assertThat(pids).allSatisfy((pid) -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
	}

	@Test
	void jetStreamClusterElectsLeader() throws Exception {
		try (NatsCluster cluster = NatsCluster.builder().size(3).jetStream().start();
				Connection connection = Nats.connect(Clients.options(cluster.server(2)).build())) {
			assertThat(connection.jetStreamManagement().getAccountStatistics()).isNotNull();
		}
	}

	@Test
	void configLinesReachEveryNode() {
		try (NatsCluster cluster = NatsCluster.builder().size(2).configLine("max_payload: 4096").start()) {
			assertThat(cluster.servers())
				.allSatisfy((server) -> assertThat(server.monitor("/varz")).contains("\"max_payload\": 4096"));
		}
	}

	@Test
	void restartedNodeRejoinsTheCluster() throws Exception {
		try (NatsCluster cluster = NatsCluster.start(3)) {
			NatsServer node = cluster.server(1);
			node.stop();
			node.restart();
			cluster.awaitRoutes();
			try (Connection connection = Nats.connect(Clients.options(node).build())) {
				assertThat(connection.getServers()).hasSize(3);
			}
		}
	}

}
