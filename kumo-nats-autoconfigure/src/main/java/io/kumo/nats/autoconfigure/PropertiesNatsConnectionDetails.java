package io.kumo.nats.autoconfigure;

import java.util.List;

import io.kumo.nats.settings.NatsAuth;
import org.jspecify.annotations.Nullable;

/**
 * Adapts a connection's properties to {@link NatsConnectionDetails}: the default source of its
 * servers and login.
 */
final class PropertiesNatsConnectionDetails implements NatsConnectionDetails {

	private final String name;

	private final NatsProperties.Connection properties;

	PropertiesNatsConnectionDetails(String name, NatsProperties.Connection properties) {
		this.name = name;
		this.properties = properties;
	}

	@Override
	public String getConnectionName() {
		return this.name;
	}

	@Override
	public List<String> getServers() {
		return this.properties.getServers();
	}

	@Override
	public @Nullable NatsAuth getAuth() {
		NatsProperties.Auth auth = this.properties.getAuth();
		return NatsAuth.of(auth.getUsername(), auth.getPassword(), auth.getToken(), auth.getNkey(),
				auth.getCredentials());
	}

}
