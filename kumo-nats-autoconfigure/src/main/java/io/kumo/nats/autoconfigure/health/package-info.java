/**
 * Auto-configuration of the {@code nats} health contributor.
 */
@NullMarked
package io.kumo.nats.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
