/**
 * Micrometer meters for NATS connections, tagged by connection name and origin.
 */
@NullMarked
package io.kumo.nats.metrics;

import org.jspecify.annotations.NullMarked;
