package io.kumo.nats.autoconfigure;

import java.util.List;

import io.kumo.nats.settings.NatsAuth;
import org.jspecify.annotations.Nullable;

/**
 * The details of a service connection, falling back to the configured login when the service
 * gives none.
 */
final class ServiceNatsConnectionDetails implements NatsConnectionDetails {

	private final NatsConnectionDetails service;

	private final NatsConnectionDetails configured;

	ServiceNatsConnectionDetails(NatsConnectionDetails service, NatsConnectionDetails configured) {
		this.service = service;
		this.configured = configured;
	}

	@Override
	public @Nullable String getConnectionName() {
		return this.service.getConnectionName();
	}

	@Override
	public List<String> getServers() {
		return this.service.getServers();
	}

	@Override
	public @Nullable NatsAuth getAuth() {
		NatsAuth auth = this.service.getAuth();
		return (auth != null) ? auth : this.configured.getAuth();
	}

}
