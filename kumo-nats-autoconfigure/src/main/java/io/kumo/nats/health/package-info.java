/**
 * Health indicators for NATS connections, one per connection in the registry, and for the
 * consumers of JetStream listeners.
 */
@NullMarked
package io.kumo.nats.health;

import org.jspecify.annotations.NullMarked;
