package io.kumo.nats.messaging.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.messaging.converter.NatsMessageConverter;
import io.kumo.nats.messaging.observation.DefaultNatsSendObservationConvention;
import io.kumo.nats.messaging.observation.NatsObservation;
import io.kumo.nats.messaging.observation.NatsSendContext;
import io.kumo.nats.messaging.observation.NatsSendObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.service.ServiceMessage;
import org.jspecify.annotations.Nullable;

/**
 * Sends, requests and publishes to JetStream on one connection in the application's types: a
 * payload goes through the {@link NatsMessageConverter} (an object becomes JSON with Jackson), a
 * reply comes back as the type asked for. Each call is a {@code nats.send} observation whose
 * trace context travels in the message headers, unless the observation registry is a no-op; then
 * a {@code byte[]} without headers goes straight to the connection.
 */
public final class NatsTemplate {

	private final RegisteredNatsConnection connection;

	private final Connection nats;

	private final JetStream jetStream;

	private final NatsMessageConverter converter;

	private final ObservationRegistry observationRegistry;

	private final @Nullable NatsSendObservationConvention observationConvention;

	/**
	 * Creates a template that is not observed.
	 * @param connection the connection to send on
	 * @param converter the converter of payloads and replies
	 */
	public NatsTemplate(RegisteredNatsConnection connection, NatsMessageConverter converter) {
		this(connection, converter, ObservationRegistry.NOOP, null);
	}

	/**
	 * Creates a template.
	 * @param connection the connection to send on
	 * @param converter the converter of payloads and replies
	 * @param observationRegistry where sends are observed; {@link ObservationRegistry#NOOP} for none
	 * @param observationConvention the convention that names and tags sends, or {@code null} for the default
	 */
	public NatsTemplate(RegisteredNatsConnection connection, NatsMessageConverter converter,
			ObservationRegistry observationRegistry, @Nullable NatsSendObservationConvention observationConvention) {
		this.connection = connection;
		this.nats = connection.connection();
		this.converter = converter;
		this.observationRegistry = observationRegistry;
		this.observationConvention = observationConvention;
		try {
			this.jetStream = connection.jetStream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("JetStream of NATS connection '" + connection.name() + "' is not available",
					ex);
		}
	}

	/**
	 * Sends a payload to a subject, without waiting for anything.
	 * @param subject the subject
	 * @param payload a {@code byte[]}, a {@link String} or an object the converter writes
	 * @throws io.kumo.nats.messaging.converter.NatsMessageConversionException if the payload cannot be written
	 */
	public void send(String subject, Object payload) {
		if (payload instanceof byte[] body && this.observationRegistry.isNoop()) {
			this.nats.publish(subject, body);
			return;
		}
		send(subject, payload, null);
	}

	/**
	 * Sends a payload with headers to a subject, without waiting for anything. The given headers
	 * are copied, never changed.
	 * @param subject the subject
	 * @param payload a {@code byte[]}, a {@link String} or an object the converter writes
	 * @param headers the headers to send, or {@code null}
	 * @throws io.kumo.nats.messaging.converter.NatsMessageConversionException if the payload cannot be written
	 */
	public void send(String subject, Object payload, @Nullable Headers headers) {
		Headers outgoing = copy(headers);
		observed(subject, outgoing, () -> {
			byte[] body = this.converter.toBody(payload, outgoing);
			this.nats.publish(subject, nonEmpty(outgoing), body);
			return null;
		});
	}

	/**
	 * Sends a request and waits, no longer than the connection's {@code request-timeout}, for the
	 * reply converted to the given type.
	 * @param <T> the reply type
	 * @param subject the subject
	 * @param payload a {@code byte[]}, a {@link String} or an object the converter writes
	 * @param replyType the type to read the reply as; {@link Message} for the reply itself
	 * @return the converted reply
	 * @throws NatsServiceErrorException if the responder answered with a service error
	 * @throws io.kumo.nats.connection.NatsNoRespondersException if nothing listens on the subject
	 * @throws NatsRequestTimeoutException if no reply arrives in time
	 */
	public <T> T request(String subject, Object payload, Class<T> replyType) {
		return request(subject, payload, null, replyType);
	}

	/**
	 * Sends a request with headers and waits, no longer than the connection's
	 * {@code request-timeout}, for the reply converted to the given type.
	 * @param <T> the reply type
	 * @param subject the subject
	 * @param payload a {@code byte[]}, a {@link String} or an object the converter writes
	 * @param headers the headers to send, or {@code null}
	 * @param replyType the type to read the reply as; {@link Message} for the reply itself
	 * @return the converted reply
	 * @throws NatsServiceErrorException if the responder answered with a service error
	 * @throws io.kumo.nats.connection.NatsNoRespondersException if nothing listens on the subject
	 * @throws NatsRequestTimeoutException if no reply arrives in time
	 */
	public <T> T request(String subject, Object payload, @Nullable Headers headers, Class<T> replyType) {
		Headers outgoing = copy(headers);
		return observed(subject, outgoing, () -> {
			byte[] body = this.converter.toBody(payload, outgoing);
			try {
				return reply(subject, this.connection.request(subject, nonEmpty(outgoing), body, null), replyType);
			}
			catch (TimeoutException ex) {
				throw new NatsRequestTimeoutException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the reply to '" + subject + "'", ex);
			}
		});
	}

	/**
	 * Sends a request; the returned future completes with the reply converted to the given type,
	 * or fails as {@link #request(String, Object, Class)} throws, within the connection's
	 * {@code request-timeout}.
	 * @param <T> the reply type
	 * @param subject the subject
	 * @param payload a {@code byte[]}, a {@link String} or an object the converter writes
	 * @param replyType the type to read the reply as; {@link Message} for the reply itself
	 * @return the future converted reply
	 */
	public <T> CompletableFuture<T> requestAsync(String subject, Object payload, Class<T> replyType) {
		return requestAsync(subject, payload, null, replyType);
	}

	/**
	 * Sends a request with headers; the returned future completes with the reply converted to the
	 * given type, or fails as {@link #request(String, Object, Headers, Class)} throws, within the
	 * connection's {@code request-timeout}.
	 * @param <T> the reply type
	 * @param subject the subject
	 * @param payload a {@code byte[]}, a {@link String} or an object the converter writes
	 * @param headers the headers to send, or {@code null}
	 * @param replyType the type to read the reply as; {@link Message} for the reply itself
	 * @return the future converted reply
	 */
	public <T> CompletableFuture<T> requestAsync(String subject, Object payload, @Nullable Headers headers,
			Class<T> replyType) {
		Headers outgoing = copy(headers);
		if (this.observationRegistry.isNoop()) {
			return sendRequest(subject, payload, outgoing, replyType);
		}
		Observation observation = observation(subject, outgoing).start();
		CompletableFuture<T> reply;
		try (Observation.Scope scope = observation.openScope()) {
			reply = sendRequest(subject, payload, outgoing, replyType);
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		return reply.whenComplete((result, failure) -> {
			if (failure != null) {
				observation.error((failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure);
			}
			observation.stop();
		});
	}

	private <T> CompletableFuture<T> sendRequest(String subject, Object payload, Headers outgoing,
			Class<T> replyType) {
		byte[] body = this.converter.toBody(payload, outgoing);
		return this.connection.requestAsync(subject, nonEmpty(outgoing), body, null)
			.exceptionallyCompose((failure) -> CompletableFuture.failedFuture(
					(failure instanceof TimeoutException timedOut) ? new NatsRequestTimeoutException(timedOut) : failure))
			.thenApply((message) -> reply(subject, message, replyType));
	}

	/**
	 * Publishes a payload to a JetStream stream and waits for its acknowledgement, no longer than
	 * the connection's {@code request-timeout}; the publish waits out a reconnect and is resent
	 * as the connection's JetStream bean does.
	 * @param subject the subject a stream captures
	 * @param payload a {@code byte[]}, a {@link String} or an object the converter writes
	 * @return the acknowledgement, with the stream and sequence
	 * @throws NatsPublishException if the server refused the message or its outcome is unknown
	 */
	public PublishAck publish(String subject, Object payload) {
		if (payload instanceof byte[] body && this.observationRegistry.isNoop()) {
			return publishToStream(subject, null, body);
		}
		return publish(subject, payload, null);
	}

	/**
	 * Publishes a payload with headers to a JetStream stream and waits for its acknowledgement;
	 * the given headers are copied, never changed. A {@code Nats-Msg-Id} header lets the stream
	 * store a message resent after a reconnect only once.
	 * @param subject the subject a stream captures
	 * @param payload a {@code byte[]}, a {@link String} or an object the converter writes
	 * @param headers the headers to send, or {@code null}
	 * @return the acknowledgement, with the stream and sequence
	 * @throws NatsPublishException if the server refused the message or its outcome is unknown
	 */
	public PublishAck publish(String subject, Object payload, @Nullable Headers headers) {
		Headers outgoing = copy(headers);
		return observed(subject, outgoing,
				() -> publishToStream(subject, nonEmpty(outgoing), this.converter.toBody(payload, outgoing)));
	}

	private PublishAck publishToStream(String subject, @Nullable Headers headers, byte[] body) {
		try {
			return this.jetStream.publish(subject, headers, body, null);
		}
		catch (IOException | JetStreamApiException ex) {
			throw new NatsPublishException(subject, ex);
		}
	}

	private <T> T reply(String subject, Message reply, Class<T> replyType) {
		Headers headers = reply.getHeaders();
		if (headers != null && headers.containsKey(ServiceMessage.NATS_SERVICE_ERROR)) {
			throw new NatsServiceErrorException(subject, code(headers.getFirst(ServiceMessage.NATS_SERVICE_ERROR_CODE)),
					String.valueOf(headers.getFirst(ServiceMessage.NATS_SERVICE_ERROR)));
		}
		if (replyType == Message.class) {
			return replyType.cast(reply);
		}
		return replyType.cast(this.converter.fromMessage(reply, replyType));
	}

	private static int code(@Nullable String code) {
		if (code == null) {
			return -1;
		}
		try {
			return Integer.parseInt(code.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private <T> T observed(String subject, Headers headers, Supplier<T> action) {
		if (this.observationRegistry.isNoop()) {
			return action.get();
		}
		return observation(subject, headers).observe(action);
	}

	private Observation observation(String subject, Headers headers) {
		return NatsObservation.SEND.observation(this.observationConvention,
				DefaultNatsSendObservationConvention.INSTANCE,
				() -> new NatsSendContext(headers, this.connection.name(), subject), this.observationRegistry);
	}

	private static Headers copy(@Nullable Headers headers) {
		return (headers != null) ? new Headers(headers) : new Headers();
	}

	private static @Nullable Headers nonEmpty(Headers headers) {
		return headers.isEmpty() ? null : headers;
	}

	/**
	 * Returns the name of the connection this template sends on.
	 * @return the connection name
	 */
	public String getConnectionName() {
		return this.connection.name();
	}

	@Override
	public String toString() {
		return "NatsTemplate[" + this.connection.name() + "]";
	}

}
