package io.kumo.nats.autoconfigure.diagnostics;

import java.util.Locale;

import javax.net.ssl.SSLException;

import io.kumo.nats.connection.NatsConnectException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a configured connection that could not be opened at startup, with the properties to
 * look at for the kind of failure: login, TLS, or a server that cannot be reached.
 */
class NatsConnectFailureAnalyzer extends AbstractFailureAnalyzer<NatsConnectException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NatsConnectException cause) {
		String prefix = "kumo.nats.connections." + cause.getConnectionName() + ".";
		return new FailureAnalysis(cause.getMessage() + ".", action(cause, prefix), cause);
	}

	private String action(NatsConnectException cause, String prefix) {
		String message = cause.getMessage().toLowerCase(Locale.ROOT);
		if (message.contains("authorization") || message.contains("authentication")) {
			return "The server refused the login. Check '" + prefix + "auth.username' and '" + prefix
					+ "auth.password', or '" + prefix + "auth.token', against the server's authorization settings.";
		}
		if (findCause(cause, SSLException.class) != null || message.contains("ssl") || message.contains("tls")
				|| message.contains("certificat")) {
			return "The TLS handshake failed. Check that '" + prefix + "certificate' holds the CA that signed the "
					+ "server's certificate, that the certificate names the host in '" + prefix + "servers', that '"
					+ prefix + "client-cert' and '" + prefix + "client-key' are set if the server requires them, and "
					+ "that '" + prefix + "tls-first' matches the server's handshake_first setting.";
		}
		return "Check that a NATS server is running at " + cause.getServers() + " and reachable, or correct '"
				+ prefix + "servers'. To start without the server and connect once it is up, set '" + prefix
				+ "retry-on-initial-connect' to true.";
	}

}
