/**
 * Docker Compose service connections for NATS services.
 */
@NullMarked
package io.kumo.nats.autoconfigure.docker;

import org.jspecify.annotations.NullMarked;
