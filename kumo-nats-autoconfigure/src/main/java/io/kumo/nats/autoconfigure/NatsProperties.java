package io.kumo.nats.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesSource;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for NATS. Each connection mirrors the CONFIG table of
 * {@code kumo.nats.connect}; unknown keys fail startup.
 */
@ConfigurationProperties(prefix = "kumo.nats", ignoreUnknownFields = false)
public class NatsProperties {

	/**
	 * Connections by name. Each becomes a Connection bean qualified by its name.
	 */
	private final Map<String, Connection> connections = new LinkedHashMap<>();

	private final Lua lua = new Lua();

	private final Template template = new Template();

	private final Listener listener = new Listener();

	/**
	 * How long closing the application waits in total for JetStream publishes in flight to be
	 * acknowledged and for subscriptions to drain before the connections close; 0 closes them at
	 * once. A bare number means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	public Map<String, Connection> getConnections() {
		return this.connections;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Lua getLua() {
		return this.lua;
	}

	public Template getTemplate() {
		return this.template;
	}

	public Listener getListener() {
		return this.listener;
	}

	/**
	 * The primary connection: the only one, or the one marked {@code primary}.
	 * @param connections the configured connections
	 * @return its name, or {@code null} when there is none
	 * @throws InvalidNatsConnectionPropertyException when more than one is marked primary
	 */
	public static @Nullable String primaryConnection(Map<String, Connection> connections) {
		if (connections.size() == 1) {
			return connections.keySet().iterator().next();
		}
		String primary = null;
		for (Map.Entry<String, Connection> entry : connections.entrySet()) {
			if (entry.getValue().isPrimary()) {
				if (primary != null) {
					throw new InvalidNatsConnectionPropertyException(
							"kumo.nats.connections." + entry.getKey() + ".primary",
							"only one connection may be primary, and '" + primary + "' already is", null);
				}
				primary = entry.getKey();
			}
		}
		return primary;
	}

	/**
	 * One connection, with the keys of the CONFIG table of kumo.nats.connect.
	 */
	@ConfigurationPropertiesSource
	public static class Connection {

		/**
		 * Whether this connection is the primary Connection bean, injected where no qualifier is
		 * given. The only connection is primary without it.
		 */
		private boolean primary;

		/**
		 * Server addresses, such as 127.0.0.1:4222, nats://host:4222 or tls://host:4222.
		 */
		private List<String> servers = new ArrayList<>();

		private final Auth auth = new Auth();

		/**
		 * Client name the server sees for this connection.
		 */
		private @Nullable String name;

		/**
		 * Whether messages published on this connection are kept from its own subscriptions.
		 */
		private boolean noEcho;

		/**
		 * Consecutive reconnect attempts before the client gives up; 0 for no limit.
		 */
		private int maxReconnects = 0;

		/**
		 * Timeout for establishing the connection. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration connectionTimeout = Duration.ofSeconds(5);

		/**
		 * Whether the connection must use TLS.
		 */
		private boolean tlsRequired;

		/**
		 * Whether TLS is established before the server's INFO (the server needs handshake_first).
		 */
		private boolean tlsFirst;

		/**
		 * Location of PEM root certificates to trust (file path or classpath: resource). The
		 * JVM's trusted roots are used when unset.
		 */
		private @Nullable String certificate;

		/**
		 * Location of the PEM client certificate; client-key must be set too.
		 */
		private @Nullable String clientCert;

		/**
		 * Location of the PEM client private key (PKCS#8, PKCS#1 or SEC1); client-cert must be set
		 * too.
		 */
		private @Nullable String clientKey;

		private final Ssl ssl = new Ssl();

		/**
		 * How often the client pings the server. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration pingInterval = Duration.ofSeconds(60);

		/**
		 * Capacity of the outgoing message queue.
		 */
		private int senderCapacity = 128;

		/**
		 * Prefix of reply subjects instead of _INBOX.
		 */
		private String inboxPrefix = "_INBOX";

		/**
		 * Default timeout for requests and JetStream acknowledgements. A bare number means
		 * seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration requestTimeout = Duration.ofSeconds(10);

		/**
		 * Whether the application starts while the server is unreachable, connecting in the
		 * background.
		 */
		private boolean retryOnInitialConnect;

		/**
		 * Whether servers advertised by the cluster are ignored.
		 */
		private boolean ignoreDiscoveredServers;

		/**
		 * Whether servers are tried in the given order instead of at random.
		 */
		private boolean retainServersOrder;

		/**
		 * Whether a JetStream publish with a Nats-Msg-Id whose connection is lost before its ack
		 * is sent again with the same id once the connection is back, instead of failing at once
		 * with an unknown outcome.
		 */
		private boolean resendOnReconnect = true;

		@NestedConfigurationProperty
		private final NatsJetStreamProperties jetstream = new NatsJetStreamProperties();

		public boolean isPrimary() {
			return this.primary;
		}

		public void setPrimary(boolean primary) {
			this.primary = primary;
		}

		public List<String> getServers() {
			return this.servers;
		}

		public void setServers(List<String> servers) {
			this.servers = servers;
		}

		public Auth getAuth() {
			return this.auth;
		}

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public boolean isNoEcho() {
			return this.noEcho;
		}

		public void setNoEcho(boolean noEcho) {
			this.noEcho = noEcho;
		}

		public int getMaxReconnects() {
			return this.maxReconnects;
		}

		public void setMaxReconnects(int maxReconnects) {
			this.maxReconnects = maxReconnects;
		}

		public Duration getConnectionTimeout() {
			return this.connectionTimeout;
		}

		public void setConnectionTimeout(Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
		}

		public boolean isTlsRequired() {
			return this.tlsRequired;
		}

		public void setTlsRequired(boolean tlsRequired) {
			this.tlsRequired = tlsRequired;
		}

		public boolean isTlsFirst() {
			return this.tlsFirst;
		}

		public void setTlsFirst(boolean tlsFirst) {
			this.tlsFirst = tlsFirst;
		}

		public @Nullable String getCertificate() {
			return this.certificate;
		}

		public void setCertificate(@Nullable String certificate) {
			this.certificate = certificate;
		}

		public @Nullable String getClientCert() {
			return this.clientCert;
		}

		public void setClientCert(@Nullable String clientCert) {
			this.clientCert = clientCert;
		}

		public @Nullable String getClientKey() {
			return this.clientKey;
		}

		public void setClientKey(@Nullable String clientKey) {
			this.clientKey = clientKey;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public int getSenderCapacity() {
			return this.senderCapacity;
		}

		public void setSenderCapacity(int senderCapacity) {
			this.senderCapacity = senderCapacity;
		}

		public String getInboxPrefix() {
			return this.inboxPrefix;
		}

		public void setInboxPrefix(String inboxPrefix) {
			this.inboxPrefix = inboxPrefix;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public boolean isRetryOnInitialConnect() {
			return this.retryOnInitialConnect;
		}

		public void setRetryOnInitialConnect(boolean retryOnInitialConnect) {
			this.retryOnInitialConnect = retryOnInitialConnect;
		}

		public boolean isIgnoreDiscoveredServers() {
			return this.ignoreDiscoveredServers;
		}

		public void setIgnoreDiscoveredServers(boolean ignoreDiscoveredServers) {
			this.ignoreDiscoveredServers = ignoreDiscoveredServers;
		}

		public boolean isRetainServersOrder() {
			return this.retainServersOrder;
		}

		public void setRetainServersOrder(boolean retainServersOrder) {
			this.retainServersOrder = retainServersOrder;
		}

		public boolean isResendOnReconnect() {
			return this.resendOnReconnect;
		}

		public void setResendOnReconnect(boolean resendOnReconnect) {
			this.resendOnReconnect = resendOnReconnect;
		}

		public NatsJetStreamProperties getJetstream() {
			return this.jetstream;
		}

	}

	/**
	 * TLS from a Spring SSL bundle instead of PEM files.
	 */
	@ConfigurationPropertiesSource
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) holding the trusted roots and, optionally,
		 * the client certificate. Cannot be combined with certificate, client-cert or client-key.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Authentication: one of a user name and password, a token, an nkey, or credentials.
	 */
	@ConfigurationPropertiesSource
	public static class Auth {

		/**
		 * Login user; password must be set too.
		 */
		private @Nullable String username;

		/**
		 * Login password; username must be set too.
		 */
		private @Nullable String password;

		/**
		 * Authentication token, instead of username and password.
		 */
		private @Nullable String token;

		/**
		 * Nkey seed (SU...), or the location of a file holding it, for nkey authentication.
		 */
		private @Nullable String nkey;

		/**
		 * Contents or location of a NATS credentials (.creds) file: a user JWT and its nkey seed.
		 */
		private @Nullable String credentials;

		public @Nullable String getNkey() {
			return this.nkey;
		}

		public void setNkey(@Nullable String nkey) {
			this.nkey = nkey;
		}

		public @Nullable String getCredentials() {
			return this.credentials;
		}

		public void setCredentials(@Nullable String credentials) {
			this.credentials = credentials;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable String getToken() {
			return this.token;
		}

		public void setToken(@Nullable String token) {
			this.token = token;
		}

	}

	/**
	 * The sandbox of Lua scripts that use the kumo.nats API.
	 */
	public static class Lua {

		/**
		 * Whether to provide the kumo.nats Lua bridge (the NatsLuaScripts bean) when LuaJ is on the
		 * class path.
		 */
		private boolean enabled = true;

		/**
		 * Whether scripts get luajava, which reaches every Java class of the application.
		 */
		private boolean allowLuajava;

		/**
		 * Whether scripts get io, the whole os library (execute, exit, remove, rename, ...), dofile
		 * and loadfile.
		 */
		private boolean allowIo;

		/**
		 * Whether load accepts precompiled (binary) chunks.
		 */
		private boolean allowBinaryChunks;

		/**
		 * Lua package.path that require searches for Lua files, such as scripts/?.lua. Without it
		 * scripts have no require.
		 */
		private @Nullable String requirePath;

		/**
		 * Directory that auth.token_file and auth.password_file may read secrets from. Without it
		 * those keys are refused.
		 */
		private @Nullable Path secretsDirectory;

		/**
		 * Lua instructions one script run or function call may execute; 0 for no limit.
		 */
		private long maxInstructions = 10_000_000;

		/**
		 * How long one script run or function call may take; 0 for no limit. A bare number means
		 * seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration timeout = Duration.ofSeconds(30);

		/**
		 * Memory one script run or function call may allocate, short-lived garbage included, which
		 * also bounds the size of any one string it builds; 0 for no limit. A bare number means
		 * bytes.
		 */
		private DataSize maxMemory = DataSize.ofMegabytes(256);

		/**
		 * How long a connection a script closed stays open, out of health and metrics, for the
		 * next connect with equal settings to reuse; 0 closes at once. Scripts that connect,
		 * publish and close for every message need this to be fast. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration connectionLinger = Duration.ofSeconds(30);

		/**
		 * How many closed connections with equal settings wait for reuse at most.
		 */
		private int idleConnectionsPerSettings = 8;

		public DataSize getMaxMemory() {
			return this.maxMemory;
		}

		public void setMaxMemory(DataSize maxMemory) {
			this.maxMemory = maxMemory;
		}

		/**
		 * How many closed connections wait for reuse at most in all; the one that waited
		 * longest is closed to make way for a newer one.
		 */
		private int idleConnections = 64;

		/**
		 * Lua states one compiled script keeps at most for calls from Java; a state serves one
		 * call at a time, whatever the thread.
		 */
		private int maxStates = 256;

		/**
		 * How long a call waits for a free state when max-states are busy, before it fails; 0
		 * fails at once. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration stateWaitTimeout = Duration.ofSeconds(10);

		/**
		 * How long a state stays unused before it is released, closing the clients its script
		 * left open. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration stateIdleTimeout = Duration.ofSeconds(60);

		/**
		 * Lua message handlers by id: each routes a subject or a JetStream consumer to a function
		 * of a script.
		 */
		private final Map<String, Handler> handlers = new LinkedHashMap<>();

		public Map<String, Handler> getHandlers() {
			return this.handlers;
		}

		public int getIdleConnections() {
			return this.idleConnections;
		}

		public void setIdleConnections(int idleConnections) {
			this.idleConnections = idleConnections;
		}

		public int getMaxStates() {
			return this.maxStates;
		}

		public void setMaxStates(int maxStates) {
			this.maxStates = maxStates;
		}

		public Duration getStateWaitTimeout() {
			return this.stateWaitTimeout;
		}

		public void setStateWaitTimeout(Duration stateWaitTimeout) {
			this.stateWaitTimeout = stateWaitTimeout;
		}

		public Duration getStateIdleTimeout() {
			return this.stateIdleTimeout;
		}

		public void setStateIdleTimeout(Duration stateIdleTimeout) {
			this.stateIdleTimeout = stateIdleTimeout;
		}

		public Duration getConnectionLinger() {
			return this.connectionLinger;
		}

		public void setConnectionLinger(Duration connectionLinger) {
			this.connectionLinger = connectionLinger;
		}

		public int getIdleConnectionsPerSettings() {
			return this.idleConnectionsPerSettings;
		}

		public void setIdleConnectionsPerSettings(int idleConnectionsPerSettings) {
			this.idleConnectionsPerSettings = idleConnectionsPerSettings;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isAllowLuajava() {
			return this.allowLuajava;
		}

		public void setAllowLuajava(boolean allowLuajava) {
			this.allowLuajava = allowLuajava;
		}

		public boolean isAllowIo() {
			return this.allowIo;
		}

		public void setAllowIo(boolean allowIo) {
			this.allowIo = allowIo;
		}

		public boolean isAllowBinaryChunks() {
			return this.allowBinaryChunks;
		}

		public void setAllowBinaryChunks(boolean allowBinaryChunks) {
			this.allowBinaryChunks = allowBinaryChunks;
		}

		public @Nullable String getRequirePath() {
			return this.requirePath;
		}

		public void setRequirePath(@Nullable String requirePath) {
			this.requirePath = requirePath;
		}

		public @Nullable Path getSecretsDirectory() {
			return this.secretsDirectory;
		}

		public void setSecretsDirectory(@Nullable Path secretsDirectory) {
			this.secretsDirectory = secretsDirectory;
		}

		public long getMaxInstructions() {
			return this.maxInstructions;
		}

		public void setMaxInstructions(long maxInstructions) {
			this.maxInstructions = maxInstructions;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		/**
		 * One Lua message handler: where its messages come from and the function they go to.
		 */
		@ConfigurationPropertiesSource
		public static class Handler {

			/**
			 * Location of the script, such as classpath:policy/suppress.lua or file:/etc/policy.lua.
			 */
			private @Nullable String script;

			/**
			 * Global function of the script that gets each message and returns the reply, if any.
			 */
			private String function = "on_message";

			/**
			 * Core subject to subscribe to, wildcards allowed. Exclusive with stream.
			 */
			private @Nullable String subject;

			/**
			 * Queue group of a core subscription.
			 */
			private @Nullable String queue;

			/**
			 * Stream of a JetStream handler. Exclusive with subject.
			 */
			private @Nullable String stream;

			/**
			 * Durable consumer of a JetStream handler.
			 */
			private @Nullable String durable;

			/**
			 * Deliveries of a JetStream message before it is terminated.
			 */
			private @Nullable Integer maxDeliveries;

			/**
			 * Delays before each redelivery of a JetStream message after a failure.
			 */
			private List<Duration> backoff = new ArrayList<>();

			/**
			 * Subject a JetStream message is published to before it is terminated.
			 */
			private @Nullable String deadLetterSubject;

			/**
			 * Name of the connection, the primary connection by default.
			 */
			private @Nullable String connection;

			/**
			 * How many messages are handled at once, each in its own Lua state.
			 */
			private int concurrency = 1;

			/**
			 * Whether the handler starts with the application.
			 */
			private boolean autoStartup = true;

			public @Nullable String getScript() {
				return this.script;
			}

			public void setScript(@Nullable String script) {
				this.script = script;
			}

			public String getFunction() {
				return this.function;
			}

			public void setFunction(String function) {
				this.function = function;
			}

			public @Nullable String getSubject() {
				return this.subject;
			}

			public void setSubject(@Nullable String subject) {
				this.subject = subject;
			}

			public @Nullable String getQueue() {
				return this.queue;
			}

			public void setQueue(@Nullable String queue) {
				this.queue = queue;
			}

			public @Nullable String getStream() {
				return this.stream;
			}

			public void setStream(@Nullable String stream) {
				this.stream = stream;
			}

			public @Nullable String getDurable() {
				return this.durable;
			}

			public void setDurable(@Nullable String durable) {
				this.durable = durable;
			}

			public @Nullable Integer getMaxDeliveries() {
				return this.maxDeliveries;
			}

			public void setMaxDeliveries(@Nullable Integer maxDeliveries) {
				this.maxDeliveries = maxDeliveries;
			}

			public List<Duration> getBackoff() {
				return this.backoff;
			}

			public void setBackoff(List<Duration> backoff) {
				this.backoff = backoff;
			}

			public @Nullable String getDeadLetterSubject() {
				return this.deadLetterSubject;
			}

			public void setDeadLetterSubject(@Nullable String deadLetterSubject) {
				this.deadLetterSubject = deadLetterSubject;
			}

			public @Nullable String getConnection() {
				return this.connection;
			}

			public void setConnection(@Nullable String connection) {
				this.connection = connection;
			}

			public int getConcurrency() {
				return this.concurrency;
			}

			public void setConcurrency(int concurrency) {
				this.concurrency = concurrency;
			}

			public boolean isAutoStartup() {
				return this.autoStartup;
			}

			public void setAutoStartup(boolean autoStartup) {
				this.autoStartup = autoStartup;
			}

		}

	}

	/**
	 * The NatsTemplate of each connection.
	 */
	public static class Template {

		/**
		 * Whether each send, request and JetStream publish of a NatsTemplate is a nats.send
		 * observation, with the trace context written into the message headers. Off by default,
		 * as for Spring Kafka's and Spring AMQP's templates: an observation timed by a meter
		 * registry costs more than the send itself.
		 */
		private boolean observationEnabled;

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

	}

	/**
	 * The containers of @NatsListener methods.
	 */
	public static class Listener {

		/**
		 * Whether each delivery to a listener is a nats.receive observation, continuing the
		 * trace carried in the message's headers. Off by default, as for Spring Kafka's and
		 * Spring AMQP's listeners: an observation timed by a meter registry costs more than the
		 * delivery itself.
		 */
		private boolean observationEnabled;

		/**
		 * How long stopping a listener waits for the messages already delivered to it to be
		 * handled before its subscriptions are closed. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		/**
		 * Shortest time between two reads of a JetStream listener's consumer info, from which
		 * health and meters take its pending and ack-pending counts, however often they are
		 * asked. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration consumerInfoRefresh = Duration.ofSeconds(5);

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public Duration getConsumerInfoRefresh() {
			return this.consumerInfoRefresh;
		}

		public void setConsumerInfoRefresh(Duration consumerInfoRefresh) {
			this.consumerInfoRefresh = consumerInfoRefresh;
		}

	}

}
