package io.kumo.nats.test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Several {@link NatsServer}s routed together on loopback, so tests can see server discovery and fail-over.
 * <p>
 * Every node advertises only 127.0.0.1 to clients and to other nodes, and the cluster is returned only after every
 * node has routes to all the others.
 */
public final class NatsCluster implements AutoCloseable {

	private static final Pattern REMOTE_ID = Pattern.compile("\"remote_id\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern META_LEADER = Pattern.compile("\"meta_cluster\"\\s*:\\s*\\{[^}]*\"leader\"\\s*:\\s*\"[^\"]+\"");

	private final List<NatsServer> servers;

	private NatsCluster(List<NatsServer> servers) {
		this.servers = List.copyOf(servers);
	}

	/**
	 * Starts a plain cluster of {@code size} nodes.
	 * @param size the number of nodes, at least 2
	 * @return the running cluster
	 */
	public static NatsCluster start(int size) {
		return builder().size(size).start();
	}

	/**
	 * Starts describing a cluster.
	 * @return a new builder for a three-node plain cluster
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The nodes, in start order.
	 * @return the servers
	 */
	public List<NatsServer> servers() {
		return this.servers;
	}

	/**
	 * One node.
	 * @param index zero-based node index
	 * @return the server
	 */
	public NatsServer server(int index) {
		return this.servers.get(index);
	}

	/**
	 * The client URLs of all nodes, comma separated, as a {@code servers} setting.
	 * @return the URLs
	 */
	public String urls() {
		return this.servers.stream().map(NatsServer::url).collect(Collectors.joining(","));
	}

	/**
	 * Waits until every running node has routes to every other running node, for example after a restart.
	 */
	public void awaitRoutes() {
		List<NatsServer> running = this.servers.stream().filter(NatsServer::isRunning).collect(Collectors.toList());
		for (NatsServer server : running) {
			server.awaitCondition("routed to " + (running.size() - 1) + " peers",
					() -> remotePeers(server) >= running.size() - 1);
		}
	}

	private static int remotePeers(NatsServer server) {
		Matcher matcher = REMOTE_ID.matcher(server.monitor("/routez"));
		Set<String> peers = new HashSet<>();
		while (matcher.find()) {
			peers.add(matcher.group(1));
		}
		return peers.size();
	}

	private void awaitJetStreamLeader() {
		for (NatsServer server : this.servers) {
			server.awaitCondition("seeing a JetStream meta leader",
					() -> META_LEADER.matcher(server.monitor("/jsz")).find());
		}
	}

	/**
	 * Stops every node and deletes their directories.
	 */
	@Override
	public void close() {
		RuntimeException failure = null;
		for (NatsServer server : this.servers) {
			try {
				server.close();
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public String toString() {
		return "NatsCluster[" + urls() + "]";
	}

	/**
	 * Describes a cluster; every node gets the same options.
	 */
	public static final class Builder {

		private int size = 3;

		private boolean jetStream;

		private String name = "kumo-test-cluster";

		private final List<String> configLines = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Sets the number of nodes.
		 * @param size at least 2
		 * @return this builder
		 */
		public Builder size(int size) {
			if (size < 2) {
				throw new IllegalArgumentException("A cluster needs at least 2 nodes, got " + size);
			}
			this.size = size;
			return this;
		}

		/**
		 * Enables clustered JetStream; {@link #start()} then also waits for a meta leader.
		 * @return this builder
		 */
		public Builder jetStream() {
			this.jetStream = true;
			return this;
		}

		/**
		 * Sets the cluster name.
		 * @param name the cluster name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * Appends raw configuration to every node, for example {@code lame_duck_grace_period: 5s}.
		 * @param line one or more configuration lines
		 * @return this builder
		 * @see NatsServer.Builder#configLine(String)
		 */
		public Builder configLine(String line) {
			this.configLines.add(line);
			return this;
		}

		/**
		 * Starts every node and waits until the routes are complete.
		 * @return the running cluster
		 */
		public NatsCluster start() {
			List<Integer> clusterPorts = new ArrayList<>();
			for (int i = 0; i < this.size; i++) {
				clusterPorts.add(FreePorts.next());
			}
			List<NatsServer> servers = new ArrayList<>();
			NatsCluster cluster = new NatsCluster(List.of());
			try {
				for (int i = 0; i < this.size; i++) {
					List<Integer> routes = new ArrayList<>(clusterPorts);
					routes.remove(i);
					NatsServer.Builder node = NatsServer.builder().cluster(this.name, clusterPorts.get(i), routes);
					if (this.jetStream) {
						node.jetStream();
					}
					this.configLines.forEach(node::configLine);
					servers.add(node.build());
				}
				cluster = new NatsCluster(servers);
				for (NatsServer server : servers) {
					server.startProcess();
				}
				cluster.awaitRoutes();
				if (this.jetStream) {
					cluster.awaitJetStreamLeader();
				}
				return cluster;
			}
			catch (RuntimeException ex) {
				servers.forEach(NatsServer::close);
				throw ex;
			}
		}

	}

}
