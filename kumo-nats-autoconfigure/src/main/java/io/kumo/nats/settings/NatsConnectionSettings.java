package io.kumo.nats.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Everything needed to open one NATS connection, with the keys and defaults of the
 * {@code kumo.nats.connect} CONFIG table. YAML properties and Lua tables are both turned into
 * this one type, so both are validated the same way and get the same defaults.
 *
 * @param servers the server URLs, normalized to {@code scheme://host[:port]}
 * @param auth how to log in, or {@code null} for no authentication
 * @param name the client name the server sees, or {@code null}
 * @param noEcho whether messages published on this connection are kept from its own subscriptions
 * @param maxReconnects consecutive reconnect attempts before giving up, {@code 0} for no limit
 * @param connectionTimeout bound on establishing a connection
 * @param tlsRequired whether the connection must use TLS
 * @param tlsFirst whether TLS is established before the server's INFO
 * @param certificate location of PEM root certificates to trust, or {@code null} for the JVM's
 * @param clientCert location of the PEM client certificate, or {@code null}
 * @param clientKey location of the PEM client private key, or {@code null}
 * @param sslBundle name of a Spring SSL bundle to use instead of the PEM locations, or {@code null}
 * @param pingInterval how often the client pings the server
 * @param senderCapacity capacity of the outgoing message queue
 * @param inboxPrefix the prefix of reply subjects
 * @param requestTimeout default bound on requests and JetStream acknowledgements
 * @param retryOnInitialConnect whether an unreachable server at start keeps the connection
 * trying in the background instead of failing
 * @param ignoreDiscoveredServers whether servers advertised by the cluster are ignored
 * @param retainServersOrder whether servers are tried in the given order instead of at random
 * @param resendOnReconnect whether a JetStream publish with a {@code Nats-Msg-Id} whose connection
 * is lost before its ack is sent again with the same id once the connection is back, instead of
 * failing at once with an unknown outcome
 */
public record NatsConnectionSettings(List<String> servers, @Nullable NatsAuth auth, @Nullable String name,
		boolean noEcho, int maxReconnects, Duration connectionTimeout, boolean tlsRequired, boolean tlsFirst,
		@Nullable String certificate, @Nullable String clientCert, @Nullable String clientKey,
		@Nullable String sslBundle, Duration pingInterval,
		int senderCapacity, String inboxPrefix, Duration requestTimeout, boolean retryOnInitialConnect,
		boolean ignoreDiscoveredServers, boolean retainServersOrder, boolean resendOnReconnect) {

	/** Default {@code connection_timeout} of the specification. */
	public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

	/** Default {@code ping_interval} (async-nats's, as the specification states none). */
	public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(60);

	/** Default {@code request_timeout} of the specification. */
	public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

	/** Default {@code sender_capacity} of the specification. */
	public static final int DEFAULT_SENDER_CAPACITY = 128;

	/** Default {@code inbox_prefix} of the specification. */
	public static final String DEFAULT_INBOX_PREFIX = "_INBOX";

	public NatsConnectionSettings {
		servers = normalizeServers(servers);
		name = emptyToNull(name);
		if (name != null && ConnectLineText.isUnsafe(name)) {
			throw new InvalidNatsSettingException("name",
					"must not contain control characters such as line breaks, '\"' or '\\'");
		}
		requireNotNegative("max-reconnects", maxReconnects);
		requirePositive("connection-timeout", connectionTimeout);
		requirePositive("ping-interval", pingInterval);
		requirePositive("request-timeout", requestTimeout);
		if (senderCapacity <= 0) {
			throw new InvalidNatsSettingException("sender-capacity", "must be a whole number greater than 0");
		}
		if (inboxPrefix.isBlank() || inboxPrefix.chars().anyMatch((c) -> c <= ' ' || c == '*' || c == '>')) {
			throw new InvalidNatsSettingException("inbox-prefix",
					"must be a subject prefix without spaces or wildcards, such as _INBOX");
		}
		certificate = emptyToNull(certificate);
		clientCert = emptyToNull(clientCert);
		clientKey = emptyToNull(clientKey);
		if (clientCert != null && clientKey == null) {
			throw new InvalidNatsSettingException("client-key", "must be set when client-cert is set");
		}
		if (clientKey != null && clientCert == null) {
			throw new InvalidNatsSettingException("client-cert", "must be set when client-key is set");
		}
		sslBundle = emptyToNull(sslBundle);
		if (sslBundle != null && (certificate != null || clientCert != null)) {
			throw new InvalidNatsSettingException("ssl.bundle",
					"cannot be combined with certificate, client-cert or client-key; use either an SSL bundle or PEM files");
		}
	}

	/**
	 * Whether this connection uses TLS: asked for, implied by TLS material or an SSL bundle, or by a
	 * {@code tls://} or {@code wss://} server address.
	 * @return whether to connect over TLS
	 */
	public boolean usesTls() {
		return this.tlsRequired || this.tlsFirst || this.certificate != null || this.clientCert != null
				|| this.sslBundle != null || this.servers.stream().anyMatch(ServerAddress::isTls);
	}

	@Override
	public String toString() {
		return "NatsConnectionSettings[servers=" + RedactedUrls.redact(this.servers.toString()) + ", auth=" + this.auth
				+ ", name=" + this.name + ", tls=" + usesTls() + "]";
	}

	/**
	 * A builder that starts from the specification's defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	private static List<String> normalizeServers(List<String> servers) {
		if (servers.isEmpty()) {
			throw new InvalidNatsSettingException("servers", "must list at least one server address, such as 127.0.0.1:4222");
		}
		List<String> normalized = new ArrayList<>(servers.size());
		for (int i = 0; i < servers.size(); i++) {
			normalized.add(ServerAddress.normalize("servers[" + i + "]", servers.get(i)));
		}
		return List.copyOf(normalized);
	}

	private static void requireNotNegative(String key, int value) {
		if (value < 0) {
			throw new InvalidNatsSettingException(key, "must be 0 (no limit) or a positive whole number");
		}
	}

	private static void requirePositive(String key, Duration duration) {
		if (duration.isZero() || duration.isNegative()) {
			throw new InvalidNatsSettingException(key, "must be a duration greater than zero, such as 5s or 500ms");
		}
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	/**
	 * Collects settings one key at a time; {@link #build()} validates them together.
	 */
	public static final class Builder {

		private List<String> servers = List.of();

		private @Nullable NatsAuth auth;

		private @Nullable String name;

		private boolean noEcho;

		private int maxReconnects;

		private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;

		private boolean tlsRequired;

		private boolean tlsFirst;

		private @Nullable String certificate;

		private @Nullable String clientCert;

		private @Nullable String clientKey;

		private @Nullable String sslBundle;

		private Duration pingInterval = DEFAULT_PING_INTERVAL;

		private int senderCapacity = DEFAULT_SENDER_CAPACITY;

		private String inboxPrefix = DEFAULT_INBOX_PREFIX;

		private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

		private boolean retryOnInitialConnect;

		private boolean ignoreDiscoveredServers;

		private boolean retainServersOrder;

		private boolean resendOnReconnect = true;

		private Builder() {
		}

		public Builder servers(List<String> servers) {
			this.servers = servers;
			return this;
		}

		public Builder auth(@Nullable NatsAuth auth) {
			this.auth = auth;
			return this;
		}

		public Builder name(@Nullable String name) {
			this.name = name;
			return this;
		}

		public Builder noEcho(boolean noEcho) {
			this.noEcho = noEcho;
			return this;
		}

		public Builder maxReconnects(int maxReconnects) {
			this.maxReconnects = maxReconnects;
			return this;
		}

		public Builder connectionTimeout(Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
			return this;
		}

		public Builder tlsRequired(boolean tlsRequired) {
			this.tlsRequired = tlsRequired;
			return this;
		}

		public Builder tlsFirst(boolean tlsFirst) {
			this.tlsFirst = tlsFirst;
			return this;
		}

		public Builder certificate(@Nullable String certificate) {
			this.certificate = certificate;
			return this;
		}

		public Builder clientCert(@Nullable String clientCert) {
			this.clientCert = clientCert;
			return this;
		}

		public Builder clientKey(@Nullable String clientKey) {
			this.clientKey = clientKey;
			return this;
		}

		public Builder sslBundle(@Nullable String sslBundle) {
			this.sslBundle = sslBundle;
			return this;
		}

		public Builder pingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
			return this;
		}

		public Builder senderCapacity(int senderCapacity) {
			this.senderCapacity = senderCapacity;
			return this;
		}

		public Builder inboxPrefix(String inboxPrefix) {
			this.inboxPrefix = inboxPrefix;
			return this;
		}

		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
			return this;
		}

		public Builder retryOnInitialConnect(boolean retryOnInitialConnect) {
			this.retryOnInitialConnect = retryOnInitialConnect;
			return this;
		}

		public Builder ignoreDiscoveredServers(boolean ignoreDiscoveredServers) {
			this.ignoreDiscoveredServers = ignoreDiscoveredServers;
			return this;
		}

		public Builder retainServersOrder(boolean retainServersOrder) {
			this.retainServersOrder = retainServersOrder;
			return this;
		}

		public Builder resendOnReconnect(boolean resendOnReconnect) {
			this.resendOnReconnect = resendOnReconnect;
			return this;
		}

		/**
		 * Validates the collected values together.
		 * @return the settings
		 * @throws InvalidNatsSettingException naming the first key that is wrong
		 */
		public NatsConnectionSettings build() {
			return new NatsConnectionSettings(this.servers, this.auth, this.name, this.noEcho, this.maxReconnects,
					this.connectionTimeout, this.tlsRequired, this.tlsFirst, this.certificate, this.clientCert,
					this.clientKey, this.sslBundle, this.pingInterval, this.senderCapacity, this.inboxPrefix, this.requestTimeout,
					this.retryOnInitialConnect, this.ignoreDiscoveredServers, this.retainServersOrder,
					this.resendOnReconnect);
		}

	}

}
