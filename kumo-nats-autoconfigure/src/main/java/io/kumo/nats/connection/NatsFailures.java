package io.kumo.nats.connection;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusException;
import io.nats.client.RequestFailureException;
import io.nats.client.api.ServerInfo;
import io.nats.client.support.NatsRequestCompletableFuture;
import io.nats.client.support.Status;
import org.jspecify.annotations.Nullable;

/**
 * The one place that tells what kind of failure jnats reported, from its exception types, the
 * state of the request future and of the connection, and the server's INFO. jnats 2.26 gives no
 * type to two failures of a JetStream publish; those are recognised by the exact text jnats
 * builds for them, from its own constants where it has them. A server's refusal of the login
 * comes as protocol text only and is recognised by the server's wording.
 */
public final class NatsFailures {

	private static final String JETSTREAM_NO_RESPONSE = "Timeout or no response waiting for NATS JetStream server";

	private static final String JETSTREAM_NO_RESPONDERS = "Error Publishing: "
			+ new Status(Status.NO_RESPONDERS_CODE, Status.NO_RESPONDERS_TEXT).getMessageWithCode();

	private NatsFailures() {
	}

	/**
	 * Classifies a failed attempt to open a connection.
	 * @param failure what {@code Nats.connect} threw
	 * @param reported the last exception jnats reported to the error listener during the attempt
	 * @param serverInfo the server's INFO when that exception was reported, if one was received
	 * @param tlsWanted whether the client asked for TLS
	 * @return the kind of failure
	 */
	static NatsFailureKind ofConnect(Throwable failure, @Nullable Throwable reported,
			@Nullable ServerInfo serverInfo, boolean tlsWanted) {
		if (has(failure, AuthenticationException.class)) {
			return NatsFailureKind.AUTHORIZATION;
		}
		if (reported == null) {
			return NatsFailureKind.UNREACHABLE;
		}
		if (has(reported, SSLException.class) || has(reported, CertificateException.class)) {
			return NatsFailureKind.TLS_HANDSHAKE;
		}
		if (has(reported, SocketException.class) || has(reported, SocketTimeoutException.class)
				|| has(reported, UnknownHostException.class) || serverInfo == null) {
			return NatsFailureKind.UNREACHABLE;
		}
		if (tlsWanted && !serverInfo.isTLSRequired() && !serverInfo.isTLSAvailable()) {
			return NatsFailureKind.TLS_NOT_OFFERED;
		}
		if (!tlsWanted && serverInfo.isTLSRequired()) {
			return NatsFailureKind.TLS_REQUIRED_BY_SERVER;
		}
		return NatsFailureKind.UNREACHABLE;
	}

	/**
	 * Whether a server error refuses the client's login. The protocol's {@code -ERR} carries text
	 * only, so this is the one failure told by the server's own wording.
	 * @param serverError the text of the server's {@code -ERR}
	 * @return whether the login was refused
	 */
	static boolean isLoginRefusal(String serverError) {
		String lowerCase = serverError.toLowerCase(Locale.ROOT);
		return lowerCase.contains("authorization violation") || lowerCase.startsWith("user authentication")
				|| lowerCase.startsWith("account authentication expired");
	}

	/**
	 * Classifies a failed request whose reply future jnats handed out.
	 * @param reply the future of the reply
	 * @param failure what waiting for it threw
	 * @param connection the connection the request went out on
	 * @return the kind of failure
	 */
	static NatsFailureKind ofRequest(CompletableFuture<?> reply, Throwable failure, Connection connection) {
		if (reply instanceof NatsRequestCompletableFuture future) {
			if (future.wasCancelledClosing()) {
				return lost(connection);
			}
			if (future.wasCancelledTimedOut()) {
				return timeoutOrLost(connection);
			}
		}
		if (has(failure, CancellationException.class)) {
			return NatsFailureKind.NO_RESPONDERS;
		}
		return of(failure, connection);
	}

	/**
	 * Classifies a failed operation on an open connection, such as a JetStream publish.
	 * @param failure what the operation threw
	 * @param connection the connection it ran on
	 * @return the kind of failure
	 */
	public static NatsFailureKind of(Throwable failure, Connection connection) {
		if (connection.getStatus() == Connection.Status.CLOSED) {
			return NatsFailureKind.CLOSED;
		}
		for (Throwable current = failure; current != null; current = current.getCause()) {
			NatsFailureKind kind = typed(current, connection);
			if (kind != null) {
				return kind;
			}
		}
		return NatsFailureKind.OTHER;
	}

	private static @Nullable NatsFailureKind typed(Throwable failure, Connection connection) {
		if (failure instanceof RequestFailureException requestFailure) {
			return switch (requestFailure.getReason()) {
				case TIMEOUT -> timeoutOrLost(connection);
				case CONNECTION_CLOSING -> lost(connection);
				case NO_RESPONDERS -> NatsFailureKind.NO_RESPONDERS;
				case SERVER_ERROR -> NatsFailureKind.REJECTED;
				case CANCELLED -> NatsFailureKind.OTHER;
			};
		}
		if (failure instanceof NatsPublishOutcomeUnknownException unknown && unknown.getKind() != NatsFailureKind.OTHER) {
			return unknown.getKind();
		}
		if (failure instanceof JetStreamStatusException statusFailure) {
			return statusFailure.getStatus().isNoResponders() ? NatsFailureKind.NO_RESPONDERS
					: NatsFailureKind.REJECTED;
		}
		if (failure instanceof JetStreamApiException) {
			return NatsFailureKind.REJECTED;
		}
		if (failure instanceof AuthenticationException) {
			return NatsFailureKind.AUTHORIZATION;
		}
		if (failure instanceof SSLException) {
			return NatsFailureKind.TLS_HANDSHAKE;
		}
		if (failure instanceof TimeoutException) {
			return timeoutOrLost(connection);
		}
		if (failure.getClass() == IOException.class && failure.getCause() == null) {
			if (JETSTREAM_NO_RESPONDERS.equals(failure.getMessage())) {
				return NatsFailureKind.NO_RESPONDERS;
			}
			if (JETSTREAM_NO_RESPONSE.equals(failure.getMessage())) {
				return timeoutOrLost(connection);
			}
		}
		return null;
	}

	private static NatsFailureKind timeoutOrLost(Connection connection) {
		return (connection.getStatus() == Connection.Status.CONNECTED) ? NatsFailureKind.TIMEOUT : lost(connection);
	}

	private static NatsFailureKind lost(Connection connection) {
		return (connection.getStatus() == Connection.Status.CLOSED) ? NatsFailureKind.CLOSED
				: NatsFailureKind.CONNECTION_LOST;
	}

	private static boolean has(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return true;
			}
		}
		return false;
	}

}
