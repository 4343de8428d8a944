package io.kumo.nats.messaging.listener;

import io.nats.client.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * The default error handler: logs each failure once, with the listener id and the subject, and
 * the exception's stack trace, never the message body.
 */
public final class LoggingNatsListenerErrorHandler implements NatsListenerErrorHandler {

	private static final Log logger = LogFactory.getLog(LoggingNatsListenerErrorHandler.class);

	@Override
	public void handleError(String listenerId, Message message, Throwable error) {
		logger.error(LogMessage.format("NATS listener '%s' failed to handle a message on subject '%s'", listenerId,
				message.getSubject()), error);
	}

}
