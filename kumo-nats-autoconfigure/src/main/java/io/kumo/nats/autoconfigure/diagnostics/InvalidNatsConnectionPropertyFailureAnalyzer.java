package io.kumo.nats.autoconfigure.diagnostics;

import io.kumo.nats.autoconfigure.InvalidNatsConnectionPropertyException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an invalid connection property as what is wrong and which property to change.
 */
class InvalidNatsConnectionPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidNatsConnectionPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidNatsConnectionPropertyException cause) {
		return new FailureAnalysis(
				"The NATS connection property '" + cause.getProperty() + "' is invalid: " + cause.getReason() + ".",
				"Update '" + cause.getProperty() + "' in your application's configuration.", cause);
	}

}
