/**
 * Auto-configuration that applies the JetStream streams, consumers and key-value buckets declared
 * in properties and as beans at startup.
 */
@NullMarked
package io.kumo.nats.autoconfigure.jetstream;

import org.jspecify.annotations.NullMarked;
