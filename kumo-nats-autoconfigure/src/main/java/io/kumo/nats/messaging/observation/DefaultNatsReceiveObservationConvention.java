package io.kumo.nats.messaging.observation;

import io.micrometer.common.KeyValues;

/**
 * Names a delivery by its connection, the listener's declared subject pattern and the listener
 * id, and tells whether the listener failed.
 */
public class DefaultNatsReceiveObservationConvention implements NatsReceiveObservationConvention {

	/**
	 * The shared instance.
	 */
	public static final DefaultNatsReceiveObservationConvention INSTANCE = new DefaultNatsReceiveObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(NatsReceiveContext context) {
		return KeyValues.of(NatsObservation.Tags.SYSTEM.withValue("nats"),
				NatsObservation.Tags.CONNECTION.withValue(context.getConnectionName()),
				NatsObservation.Tags.DESTINATION.withValue(context.getSubjectPattern()),
				NatsObservation.Tags.LISTENER_ID.withValue(context.getListenerId()),
				NatsObservation.Tags.OUTCOME.withValue((context.getError() != null) ? "failure" : "success"));
	}

	@Override
	public String getContextualName(NatsReceiveContext context) {
		return context.getSubjectPattern() + " receive";
	}

}
