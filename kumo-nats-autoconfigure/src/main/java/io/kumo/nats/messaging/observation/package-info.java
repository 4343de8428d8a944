/**
 * Micrometer observations of template sends and listener deliveries, with the trace context
 * carried in NATS headers.
 */
@NullMarked
package io.kumo.nats.messaging.observation;

import org.jspecify.annotations.NullMarked;
