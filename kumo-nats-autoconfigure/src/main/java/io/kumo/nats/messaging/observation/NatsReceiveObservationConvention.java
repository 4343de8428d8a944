package io.kumo.nats.messaging.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The convention of {@link NatsObservation#RECEIVE}; a bean of this type replaces the default.
 */
public interface NatsReceiveObservationConvention extends ObservationConvention<NatsReceiveContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof NatsReceiveContext;
	}

	@Override
	default String getName() {
		return "nats.receive";
	}

}
