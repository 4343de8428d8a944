/**
 * JetStream streams, consumers and key-value buckets declared by the application, created or
 * updated on the server at startup and never deleted, and the pending counts of consumers.
 */
@NullMarked
package io.kumo.nats.jetstream;

import org.jspecify.annotations.NullMarked;
