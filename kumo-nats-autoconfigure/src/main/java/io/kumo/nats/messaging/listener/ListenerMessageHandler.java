package io.kumo.nats.messaging.listener;

import io.kumo.nats.messaging.converter.NatsMessageConversionException;
import io.kumo.nats.messaging.converter.NatsMessageConverter;
import io.kumo.nats.messaging.observation.DefaultNatsReceiveObservationConvention;
import io.kumo.nats.messaging.observation.NatsObservation;
import io.kumo.nats.messaging.observation.NatsReceiveContext;
import io.kumo.nats.messaging.observation.NatsReceiveObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.nats.client.impl.Headers;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * Hands the messages of one subscription to the listener method, sends what it returns as the
 * reply, answers a requester with a service error when the method fails (400 when the request
 * cannot be converted, 500 for anything else, a reply that cannot be converted included), and
 * tells the error handler; each delivery is a {@code nats.receive} observation when observation
 * is on.
 */
final class ListenerMessageHandler implements MessageHandler {

	static final String SERVICE_ERROR = "Nats-Service-Error";

	static final String SERVICE_ERROR_CODE = "Nats-Service-Error-Code";

	private static final Log logger = LogFactory.getLog(ListenerMessageHandler.class);

	private static final byte[] EMPTY = new byte[0];

	private static final int MAX_ERROR_LENGTH = 300;

	private final NatsListenerMethodInvoker invoker;

	private final Listener listener;

	private final String subjectPattern;

	ListenerMessageHandler(NatsListenerMethodInvoker invoker, Listener listener, String subjectPattern) {
		this.invoker = invoker;
		this.listener = listener;
		this.subjectPattern = subjectPattern;
	}

	@Override
	public void onMessage(Message message) {
		handle(message, null);
	}

	/**
	 * Hands a message to the listener method, as a {@code nats.receive} observation when
	 * observation is on; the message of a JetStream consumer gets no reply, its reply subject
	 * being the server's acknowledgement subject.
	 * @param message the delivered message
	 * @param acknowledgment the acknowledgement of a JetStream message, if any
	 * @return what the method threw or why the message could not be handled, {@code null} when it
	 * was handled
	 */
	@Nullable Throwable handle(Message message, @Nullable NatsAcknowledgment acknowledgment) {
		ObservationRegistry registry = this.listener.observationRegistry();
		if (registry == null) {
			return deliver(message, acknowledgment);
		}
		Observation observation = NatsObservation.RECEIVE
			.observation(this.listener.convention(), DefaultNatsReceiveObservationConvention.INSTANCE,
					() -> new NatsReceiveContext(message, this.listener.connectionName(), this.listener.id(),
							this.subjectPattern),
					registry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			Throwable error = deliver(message, acknowledgment);
			if (error != null) {
				observation.error(error);
			}
			return error;
		}
		finally {
			observation.stop();
		}
	}

	private @Nullable Throwable deliver(Message message, @Nullable NatsAcknowledgment acknowledgment) {
		Object reply;
		try {
			reply = this.invoker.invoke(message, acknowledgment);
		}
		catch (Throwable ex) {
			failed(message, ex, ex instanceof NatsMessageConversionException);
			return ex;
		}
		String replyTo = replyTo(message);
		if (reply != null && replyTo != null) {
			try {
				reply(replyTo, reply);
			}
			catch (RuntimeException ex) {
				failed(message, ex, false);
				return ex;
			}
		}
		return null;
	}

	private void reply(String replyTo, Object reply) {
		if (reply instanceof byte[] body) {
			this.listener.connection().publish(replyTo, body);
			return;
		}
		Headers headers = new Headers();
		byte[] body = this.listener.converter().toBody(reply, headers);
		this.listener.connection().publish(replyTo, headers.isEmpty() ? null : headers, body);
	}

	private static @Nullable String replyTo(Message message) {
		return message.isJetStream() ? null : message.getReplyTo();
	}

	private void failed(Message message, Throwable error, boolean badRequest) {
		String replyTo = replyTo(message);
		if (replyTo != null) {
			answerWithServiceError(replyTo, error, badRequest);
		}
		try {
			this.listener.errorHandler().handleError(this.listener.id(), message, error);
		}
		catch (RuntimeException ex) {
			logger.warn(LogMessage.format("The error handler of NATS listener '%s' failed", this.listener.id()), ex);
		}
	}

	private void answerWithServiceError(String replyTo, Throwable error, boolean badRequest) {
		Headers headers = new Headers();
		headers.put(SERVICE_ERROR, badRequest ? headerValue(error.getMessage())
				: "Listener '" + this.listener.id() + "' failed: " + error.getClass().getSimpleName());
		headers.put(SERVICE_ERROR_CODE, badRequest ? "400" : "500");
		try {
			this.listener.connection().publish(replyTo, headers, EMPTY);
		}
		catch (RuntimeException ex) {
			logger.debug(LogMessage.format("NATS listener '%s' could not send its service error", this.listener.id()),
					ex);
		}
	}

	static String headerValue(@Nullable String text) {
		if (text == null) {
			return "The message cannot be converted";
		}
		StringBuilder value = new StringBuilder(Math.min(text.length(), MAX_ERROR_LENGTH));
		for (int i = 0; i < text.length() && i < MAX_ERROR_LENGTH; i++) {
			char c = text.charAt(i);
			value.append((c < 0x20 || c == 0x7f) ? ' ' : c);
		}
		return value.toString();
	}

	/**
	 * What the handlers of one listener share.
	 *
	 * @param id the listener id
	 * @param connectionName the name of the connection
	 * @param connection the connection replies are sent on
	 * @param converter the converter of replies
	 * @param errorHandler the error handler
	 * @param observationRegistry the registry of the observations, {@code null} when observation is
	 * off
	 * @param convention the convention replacing the default, if any
	 */
	record Listener(String id, String connectionName, Connection connection, NatsMessageConverter converter,
			NatsListenerErrorHandler errorHandler, @Nullable ObservationRegistry observationRegistry,
			@Nullable NatsReceiveObservationConvention convention) {
	}

}
