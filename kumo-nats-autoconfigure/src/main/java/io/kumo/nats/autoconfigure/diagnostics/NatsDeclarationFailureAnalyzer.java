package io.kumo.nats.autoconfigure.diagnostics;

import java.util.Locale;

import io.kumo.nats.jetstream.JetStreamDeclarationKind;
import io.kumo.nats.jetstream.NatsDeclarationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a declared stream, consumer or key-value bucket that the server refused, naming the
 * property (or the bean) that declared it, the server's error and what to do about it.
 */
class NatsDeclarationFailureAnalyzer extends AbstractFailureAnalyzer<NatsDeclarationException> {

	private static final String PROPERTY_PREFIX = "kumo.nats.connections.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NatsDeclarationException cause) {
		String declaredBy = declaredBy(cause);
		String kind = cause.getKind().description();
		return new FailureAnalysis("The NATS server behind connection '" + cause.getConnectionName() + "' refused "
				+ kind + " '" + cause.getName() + "' as declared by " + declaredBy + ": " + cause.getServerError()
				+ ".", "Change " + declaredBy + " so that the server accepts it." + advice(cause), cause);
	}

	private static String declaredBy(NatsDeclarationException cause) {
		if (!cause.getSource().startsWith(PROPERTY_PREFIX)) {
			return cause.getSource();
		}
		return "'" + cause.getSource() + ((cause.getSetting() != null) ? "." + cause.getSetting() : "") + "'";
	}

	private static String advice(NatsDeclarationException cause) {
		String kind = cause.getKind().description();
		if (cause.getKind() == JetStreamDeclarationKind.CONSUMER && "stream".equals(cause.getSetting())) {
			return " The consumer's stream does not exist: declare it too, under 'kumo.nats.connections."
					+ cause.getConnectionName() + ".jetstream.streams', or name an existing stream.";
		}
		if (cause.getKind() == JetStreamDeclarationKind.STREAM && "subjects".equals(cause.getSetting())) {
			return " Another stream on the server already stores some of these subjects: narrow the subjects, or "
					+ "change that stream.";
		}
		if (cause.getServerError().toLowerCase(Locale.ROOT).contains("can not change")) {
			return " The server cannot change this setting of an existing " + kind + ", and declarations never delete "
					+ "anything: keep the setting as it is, or delete or rename the " + kind
					+ " on the server by hand, or declare a new one.";
		}
		return "";
	}

}
