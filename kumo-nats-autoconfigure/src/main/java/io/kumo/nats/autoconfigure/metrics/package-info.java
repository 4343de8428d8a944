/**
 * Auto-configuration of the NATS connection meters.
 */
@NullMarked
package io.kumo.nats.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
