package io.kumo.nats.autoconfigure;

import java.util.List;

import io.kumo.nats.settings.NatsAuth;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where a configured connection connects to and how it logs in. By default these come from the
 * connection's properties; a {@code @ServiceConnection} container or a Docker Compose service
 * of the {@code nats} image replaces them for one connection, while its tuning properties stay.
 */
public interface NatsConnectionDetails extends ConnectionDetails {

	/**
	 * The name of the connection these details are for. Details whose name matches no configured
	 * connection apply to the primary one.
	 * @return the connection name, or {@code null} for the primary connection
	 */
	default @Nullable String getConnectionName() {
		return null;
	}

	/**
	 * The server addresses.
	 * @return the addresses, such as {@code nats://127.0.0.1:4222}
	 */
	List<String> getServers();

	/**
	 * How to log in.
	 * @return the authentication, or {@code null} to keep the one in the connection's properties
	 */
	default @Nullable NatsAuth getAuth() {
		return null;
	}

}
