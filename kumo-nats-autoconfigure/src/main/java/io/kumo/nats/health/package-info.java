/**
 * Health indicators for NATS connections, one per connection in the registry.
 */
@NullMarked
package io.kumo.nats.health;

import org.jspecify.annotations.NullMarked;
