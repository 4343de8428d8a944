package io.kumo.nats.messaging.observation;

import io.micrometer.common.KeyValues;

/**
 * Names a send by its connection and subject, and tells whether it failed.
 */
public class DefaultNatsSendObservationConvention implements NatsSendObservationConvention {

	/**
	 * The shared instance.
	 */
	public static final DefaultNatsSendObservationConvention INSTANCE = new DefaultNatsSendObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(NatsSendContext context) {
		return KeyValues.of(NatsObservation.Tags.SYSTEM.withValue("nats"),
				NatsObservation.Tags.CONNECTION.withValue(context.getConnectionName()),
				NatsObservation.Tags.DESTINATION.withValue(context.getSubject()),
				NatsObservation.Tags.OUTCOME.withValue((context.getError() != null) ? "failure" : "success"));
	}

	@Override
	public String getContextualName(NatsSendContext context) {
		return context.getSubject() + " send";
	}

}
