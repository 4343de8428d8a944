package io.kumo.nats.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code nats-server} process on a free loopback port, so tests talk the genuine protocol without Docker.
 * <p>
 * Each server owns a temporary directory holding its configuration, log and JetStream store; {@link #close()} stops
 * the process and deletes that directory. A start waits for the server's "Server is ready" log line (or, without
 * TLS, an accepting client port), so TLS servers are not probed with half-open connections.
 */
public final class NatsServer implements AutoCloseable {

	static final String HOST = "127.0.0.1";

	static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(25);

	private static final int LOG_TAIL_LINES = 40;

	private static final String READY_MARKER = "Server is ready";

	private static final String LAME_DUCK_MARKER = "lame duck mode";

	private static final Pattern CLIENT_NAME = Pattern.compile("\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Logger logger = LoggerFactory.getLogger(NatsServer.class);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Path binary;

	private final Path directory;

	private final Path configFile;

	private final Path logFile;

	private final int port;

	private final int monitoringPort;

	private final boolean tls;

	private final boolean handshakeFirst;

	private Process process;

	private long pid = -1;

	private boolean closed;

	private NatsServer(Builder builder) {
		this.binary = NatsServerBinary.find();
		this.port = (builder.port > 0) ? builder.port : FreePorts.next();
		this.monitoringPort = builder.monitoring ? FreePorts.next() : -1;
		this.tls = builder.certificates != null;
		this.handshakeFirst = builder.handshakeFirst;
		try {
			this.directory = Files.createTempDirectory("kumo-nats-" + this.port + "-");
			Processes.registerDirectory(this.directory);
			this.configFile = this.directory.resolve("nats-server.conf");
			this.logFile = this.directory.resolve("nats-server.log");
			Files.writeString(this.configFile, configuration(builder), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare the nats-server directory", ex);
		}
	}

	/**
	 * Starts describing a server; nothing runs until {@link Builder#start()}.
	 * @return a new builder for a plain server
	 */
	public static Builder builder() {
		return new Builder();
	}

	private String configuration(Builder builder) {
		List<String> lines = new ArrayList<>();
		lines.add("host: " + HOST);
		lines.add("port: " + this.port);
		lines.add("server_name: " + quote("kumo-test-" + this.port));
		lines.add("client_advertise: " + quote(HOST + ":" + this.port));
		if (builder.jetStream) {
			lines.add("jetstream {");
			lines.add("  store_dir: " + quote(this.directory.resolve("jetstream").toString()));
			lines.add("}");
		}
		if (builder.user != null || builder.token != null) {
			lines.add("authorization {");
			if (builder.user != null) {
				lines.add("  user: " + quote(builder.user));
				lines.add("  password: " + quote(builder.password));
			}
			if (builder.token != null) {
				lines.add("  token: " + quote(builder.token));
			}
			lines.add("}");
		}
		if (this.tls) {
			TestCertificates certificates = builder.certificates;
			lines.add("tls {");
			lines.add("  cert_file: " + quote((builder.mismatchedName ? certificates.mismatchedServerCert()
					: certificates.serverCert()).toString()));
			lines.add("  key_file: " + quote((builder.mismatchedName ? certificates.mismatchedServerKey()
					: certificates.serverKey()).toString()));
			lines.add("  ca_file: " + quote(certificates.caCert().toString()));
			lines.add("  timeout: 5");
			if (builder.requireClientCertificates) {
				lines.add("  verify: true");
			}
			if (builder.handshakeFirst) {
				lines.add("  handshake_first: true");
			}
			lines.add("}");
		}
		if (this.monitoringPort > 0) {
			lines.add("http: " + quote(HOST + ":" + this.monitoringPort));
		}
		if (builder.clusterName != null) {
			lines.add("cluster {");
			lines.add("  name: " + quote(builder.clusterName));
			lines.add("  listen: " + quote(HOST + ":" + builder.clusterPort));
			lines.add("  advertise: " + quote(HOST + ":" + builder.clusterPort));
			lines.add("  routes: [");
			for (int routePort : builder.routePorts) {
				lines.add("    " + quote("nats-route://" + HOST + ":" + routePort));
			}
			lines.add("  ]");
			lines.add("}");
		}
		lines.addAll(builder.configLines);
		return String.join("\n", lines) + "\n";
	}

	private static String quote(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	synchronized void startProcess() {
		if (this.closed) {
			throw new IllegalStateException("This nats-server was closed");
		}
		if (isRunning()) {
			throw new IllegalStateException("nats-server on port " + this.port + " is already running");
		}
		ProcessBuilder processBuilder = new ProcessBuilder(this.binary.toString(), "-c", this.configFile.toString())
			.directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()));
		long logOffset = logSize();
		try {
			this.process = processBuilder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + this.binary, ex);
		}
		Processes.register(this.process);
		this.pid = this.process.pid();
		logger.debug("Started nats-server pid {} on {}", this.pid, address());
		Process started = this.process;
		awaitCondition("ready on " + address(), () -> {
			if (!started.isAlive()) {
				throw new IllegalStateException("nats-server on port " + this.port + " exited with "
						+ started.exitValue() + ":\n" + logTail());
			}
			return (logContainsSince(logOffset, READY_MARKER) || (!this.tls && acceptsConnections(this.port)))
					&& (this.monitoringPort < 0 || acceptsConnections(this.monitoringPort));
		});
	}

	private long logSize() {
		try {
			return Files.exists(this.logFile) ? Files.size(this.logFile) : 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + this.logFile, ex);
		}
	}

	private boolean logContainsSince(long offset, String marker) {
		try {
			byte[] log = Files.readAllBytes(this.logFile);
			int from = (int) Math.min(offset, log.length);
			return new String(log, from, log.length - from, StandardCharsets.UTF_8).contains(marker);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean acceptsConnections(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, port), 250);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	void awaitCondition(String description, BooleanSupplier condition) {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("nats-server on port " + this.port + " not " + description
						+ " within " + READY_TIMEOUT.toSeconds() + " s; log " + this.logFile + ":\n" + logTail());
			}
			try {
				Thread.sleep(POLL_INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for nats-server", ex);
			}
		}
	}

	/**
	 * The last lines of the server log, for failure messages.
	 * @return the log tail, or a note when there is no log
	 */
	public String logTail() {
		try {
			if (!Files.exists(this.logFile)) {
				return "(no log)";
			}
			List<String> lines = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")";
		}
	}

	/**
	 * Stops the process with SIGTERM (forcibly after a grace period) and keeps the port for {@link #restart()}.
	 */
	public synchronized void stop() {
		if (this.process != null) {
			Processes.terminate(this.process, STOP_TIMEOUT.toMillis());
			logger.debug("Stopped nats-server pid {} on {}", this.pid, address());
			this.process = null;
		}
	}

	/**
	 * Puts the server into lame duck mode, as {@code nats-server --signal ldm} does: it stops accepting clients, tells
	 * the connected ones, waits {@code lame_duck_grace_period} (see {@link Builder#configLine}) and then closes them
	 * over {@code lame_duck_duration}, after which the process exits. Returns once the server has logged that it
	 * entered lame duck mode.
	 */
	public synchronized void lameDuck() {
		if (!isRunning()) {
			throw new IllegalStateException("nats-server on port " + this.port + " is not running");
		}
		long logOffset = logSize();
		Process signal;
		try {
			signal = new ProcessBuilder(this.binary.toString(), "--signal", "ldm=" + this.pid).redirectErrorStream(true)
				.start();
			if (!signal.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				signal.destroyForcibly();
				throw new IllegalStateException("nats-server --signal ldm=" + this.pid + " did not finish");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + this.binary + " --signal", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while signalling nats-server", ex);
		}
		if (signal.exitValue() != 0) {
			throw new IllegalStateException("nats-server --signal ldm=" + this.pid + " exited with " + signal.exitValue());
		}
		awaitCondition("in lame duck mode", () -> logContainsSince(logOffset, LAME_DUCK_MARKER));
	}

	/**
	 * Kills the process with SIGKILL, as a crash would, and keeps the port and the JetStream store
	 * for {@link #restart()}.
	 */
	public synchronized void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			try {
				if (!this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
					throw new IllegalStateException("nats-server pid " + this.pid + " survived SIGKILL");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while killing nats-server", ex);
			}
			logger.debug("Killed nats-server pid {} on {}", this.pid, address());
			this.process = null;
		}
	}

	/**
	 * Starts the server again on the same port with the same configuration, to test reconnection.
	 */
	public synchronized void restart() {
		stop();
		startProcess();
	}

	/**
	 * Whether the process is alive.
	 * @return {@code true} while the server process runs
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Stops the server and deletes its directory; calling it again does nothing.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		stop();
		Processes.deleteDirectory(this.directory);
	}

	/**
	 * The client port.
	 * @return the loopback port clients connect to
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The host clients connect to.
	 * @return always {@code 127.0.0.1}
	 */
	public String host() {
		return HOST;
	}

	/**
	 * Host and port, as used in a {@code servers} list without scheme.
	 * @return {@code 127.0.0.1:PORT}
	 */
	public String address() {
		return HOST + ":" + this.port;
	}

	/**
	 * The URL a client should use; {@code tls://} when the server has TLS.
	 * @return {@code nats://127.0.0.1:PORT} or {@code tls://127.0.0.1:PORT}
	 */
	public String url() {
		return (this.tls ? "tls://" : "nats://") + address();
	}

	/**
	 * Whether the server expects the TLS handshake before its INFO.
	 * @return {@code true} for {@code handshake_first} servers
	 */
	public boolean isHandshakeFirst() {
		return this.handshakeFirst;
	}

	/**
	 * The HTTP monitoring port.
	 * @return the monitoring port
	 * @throws IllegalStateException when monitoring was not enabled
	 */
	public int monitoringPort() {
		if (this.monitoringPort < 0) {
			throw new IllegalStateException("Monitoring is not enabled: use NatsServer.builder().monitoring()");
		}
		return this.monitoringPort;
	}

	/**
	 * The file that receives the server's output, useful when a test fails.
	 * @return the log file
	 */
	public Path logFile() {
		return this.logFile;
	}

	/**
	 * The generated configuration, to show what the server was started with.
	 * @return the configuration file
	 */
	public Path configFile() {
		return this.configFile;
	}

	/**
	 * The id of the current or last process, to prove it is gone after {@link #close()}.
	 * @return the process id, or {@code -1} before the first start
	 */
	public synchronized long pid() {
		return this.pid;
	}

	/**
	 * Fetches a monitoring endpoint, so tests can assert on what the server sees.
	 * @param pathAndQuery for example {@code /connz?auth=1}, {@code /varz} or {@code /routez}
	 * @return the JSON body
	 */
	public String monitor(String pathAndQuery) {
		String path = pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery;
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + monitoringPort() + path))
			.timeout(Duration.ofSeconds(5))
			.GET()
			.build();
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("GET " + request.uri() + " answered " + response.statusCode() + ": "
						+ response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("GET " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during GET " + request.uri(), ex);
		}
	}

	/**
	 * The connection names of the current clients, read from {@code /connz}.
	 * @return the names of named connections
	 */
	public List<String> clientNames() {
		Matcher matcher = CLIENT_NAME.matcher(monitor("/connz"));
		List<String> names = new ArrayList<>();
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	@Override
	public String toString() {
		return "NatsServer[" + url() + "]";
	}

	/**
	 * Describes one server; each option maps to a block of the generated configuration.
	 */
	public static final class Builder {

		private boolean jetStream;

		private String user;

		private String password;

		private String token;

		private TestCertificates certificates;

		private boolean mismatchedName;

		private boolean requireClientCertificates;

		private boolean handshakeFirst;

		private boolean monitoring;

		private final List<String> configLines = new ArrayList<>();

		private int port;

		private String clusterName;

		private int clusterPort;

		private List<Integer> routePorts = List.of();

		private Builder() {
		}

		/**
		 * Enables JetStream with a store directory private to this server.
		 * @return this builder
		 */
		public Builder jetStream() {
			this.jetStream = true;
			return this;
		}

		/**
		 * Requires this user name and password.
		 * @param user the user name
		 * @param password the password
		 * @return this builder
		 */
		public Builder user(String user, String password) {
			this.user = user;
			this.password = password;
			return this;
		}

		/**
		 * Requires this token.
		 * @param token the token
		 * @return this builder
		 */
		public Builder token(String token) {
			this.token = token;
			return this;
		}

		/**
		 * Requires TLS with a server certificate valid for 127.0.0.1, ::1 and localhost.
		 * @param certificates the generated certificates
		 * @return this builder
		 */
		public Builder tls(TestCertificates certificates) {
			this.certificates = certificates;
			this.mismatchedName = false;
			return this;
		}

		/**
		 * Requires TLS with a certificate from the same CA whose names do not match, to prove host-name
		 * verification.
		 * @param certificates the generated certificates
		 * @return this builder
		 */
		public Builder tlsWithMismatchedName(TestCertificates certificates) {
			this.certificates = certificates;
			this.mismatchedName = true;
			return this;
		}

		/**
		 * Requires clients to present a certificate signed by the test CA; needs {@link #tls}.
		 * @return this builder
		 */
		public Builder requireClientCertificates() {
			this.requireClientCertificates = true;
			return this;
		}

		/**
		 * Expects the TLS handshake before the INFO line ({@code handshake_first}); needs {@link #tls}.
		 * @return this builder
		 */
		public Builder handshakeFirst() {
			this.handshakeFirst = true;
			return this;
		}

		/**
		 * Enables HTTP monitoring on its own free loopback port.
		 * @return this builder
		 */
		public Builder monitoring() {
			this.monitoring = true;
			return this;
		}

		/**
		 * Appends raw configuration, for blocks this builder does not model (nkeys, accounts, limits, or
		 * {@code lame_duck_grace_period: 5s} and {@code lame_duck_duration: 30s}, its minimum, for {@link NatsServer#lameDuck()}).
		 * @param line one or more configuration lines
		 * @return this builder
		 */
		public Builder configLine(String line) {
			this.configLines.add(line);
			return this;
		}

		Builder port(int port) {
			this.port = port;
			return this;
		}

		Builder cluster(String name, int clusterPort, List<Integer> routePorts) {
			this.clusterName = name;
			this.clusterPort = clusterPort;
			this.routePorts = List.copyOf(routePorts);
			this.monitoring = true;
			return this;
		}

		/**
		 * Creates the configuration and starts the server.
		 * @return the running server
		 */
		public NatsServer start() {
			NatsServer server = build();
			try {
				server.startProcess();
			}
			catch (RuntimeException ex) {
				server.close();
				throw ex;
			}
			return server;
		}

		NatsServer build() {
			if ((this.requireClientCertificates || this.handshakeFirst) && this.certificates == null) {
				throw new IllegalStateException("requireClientCertificates() and handshakeFirst() need tls(...)");
			}
			return new NatsServer(this);
		}

	}

}
