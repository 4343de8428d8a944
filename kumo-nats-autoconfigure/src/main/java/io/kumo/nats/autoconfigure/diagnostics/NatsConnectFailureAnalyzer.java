package io.kumo.nats.autoconfigure.diagnostics;

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
		return new FailureAnalysis(cause.getMessage() + "." + explanation(cause), action(cause, prefix), cause);
	}

	private String explanation(NatsConnectException cause) {
		return switch (cause.getKind()) {
			case AUTHORIZATION -> " The server refused the login.";
			case TLS_HANDSHAKE -> " The TLS handshake failed.";
			case TLS_NOT_OFFERED -> " The connection requires TLS, but the server does not offer TLS.";
			case TLS_REQUIRED_BY_SERVER -> " The server requires TLS, but the connection does not use it.";
			default -> "";
		};
	}

	private String action(NatsConnectException cause, String prefix) {
		return switch (cause.getKind()) {
			case AUTHORIZATION -> "The server refused the login. Check the credentials the connection uses against the "
					+ "server's authorization settings: '" + prefix + "auth.username' and '" + prefix
					+ "auth.password', '" + prefix + "auth.token', '" + prefix + "auth.nkey' or '" + prefix
					+ "auth.credentials'.";
			case TLS_HANDSHAKE -> "The TLS handshake failed. Check that '" + prefix + "certificate' holds the CA that "
					+ "signed the server's certificate, that the certificate names the host in '" + prefix
					+ "servers', that '" + prefix + "client-cert' and '" + prefix + "client-key' are set if the server "
					+ "requires them, and that '" + prefix + "tls-first' matches the server's handshake_first setting.";
			case TLS_NOT_OFFERED -> "The server at " + cause.getServers() + " does not offer TLS. Enable TLS on the "
					+ "server (a tls block in its configuration), or, if a plain connection is intended, remove '"
					+ prefix + "tls-required' and the other TLS keys ('tls-first', 'certificate', 'client-cert', "
					+ "'client-key', 'ssl.bundle') and use nats:// addresses in '" + prefix + "servers'.";
			case TLS_REQUIRED_BY_SERVER -> "The server at " + cause.getServers() + " requires TLS. Set '" + prefix
					+ "tls-required' to true or use tls:// addresses in '" + prefix + "servers', and set '" + prefix
					+ "certificate' if the server's certificate is not signed by a CA the JVM trusts.";
			default -> "Check that a NATS server is running at " + cause.getServers() + " and reachable, or correct '"
					+ prefix + "servers'. To start without the server and connect once it is up, set '" + prefix
					+ "retry-on-initial-connect' to true.";
		};
	}

}
