/**
 * Sending, requesting and JetStream publishing in the application's types, with conversion and observation.
 */
@NullMarked
package io.kumo.nats.messaging.core;

import org.jspecify.annotations.NullMarked;
