package io.kumo.nats.connection;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The latest lame duck notice a connection received: which server announced that it is shutting
 * down, when, and the server the connection moved to, once it has.
 *
 * @param server the URL of the server in lame duck mode, credentials masked
 * @param noticedAt when the notice arrived
 * @param movedTo the URL of the server connected to after the notice, or {@code null} while still
 * on that server
 */
public record NatsLameDuckNotice(String server, Instant noticedAt, @Nullable String movedTo) {

	NatsLameDuckNotice movedTo(String url) {
		return new NatsLameDuckNotice(this.server, this.noticedAt, url);
	}

}
