package io.kumo.nats.messaging.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of NATS messaging: one per template send and one per listener delivery.
 */
public enum NatsObservation implements ObservationDocumentation {

	/**
	 * A message sent by a template.
	 */
	SEND {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultNatsSendObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { Tags.SYSTEM, Tags.CONNECTION, Tags.DESTINATION, Tags.OUTCOME };
		}

	},

	/**
	 * A message delivered to a listener.
	 */
	RECEIVE {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultNatsReceiveObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { Tags.SYSTEM, Tags.CONNECTION, Tags.DESTINATION, Tags.LISTENER_ID, Tags.OUTCOME };
		}

	};

	/**
	 * The low-cardinality tags of both observations.
	 */
	public enum Tags implements KeyName {

		/**
		 * Always {@code nats}.
		 */
		SYSTEM {
			@Override
			public String asString() {
				return "messaging.system";
			}
		},

		/**
		 * The name of the connection.
		 */
		CONNECTION {
			@Override
			public String asString() {
				return "nats.connection";
			}
		},

		/**
		 * The subject sent to, or the subject pattern a listener declared.
		 */
		DESTINATION {
			@Override
			public String asString() {
				return "messaging.destination.name";
			}
		},

		/**
		 * The id of the listener.
		 */
		LISTENER_ID {
			@Override
			public String asString() {
				return "nats.listener.id";
			}
		},

		/**
		 * {@code success}, or {@code failure} when the send or the listener threw.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

}
