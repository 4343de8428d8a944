package io.kumo.nats.messaging.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The convention of {@link NatsObservation#SEND}; a bean of this type replaces the default.
 */
public interface NatsSendObservationConvention extends ObservationConvention<NatsSendContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof NatsSendContext;
	}

	@Override
	default String getName() {
		return "nats.send";
	}

}
