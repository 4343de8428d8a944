/**
 * Listener methods annotated with {@link io.kumo.nats.messaging.listener.NatsListener}, their
 * containers, the registry that starts and stops them, and their error handling.
 */
@NullMarked
package io.kumo.nats.messaging.listener;

import org.jspecify.annotations.NullMarked;
