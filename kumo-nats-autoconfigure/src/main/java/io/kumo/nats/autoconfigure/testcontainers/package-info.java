/**
 * Testcontainers service connections for NATS containers.
 */
@NullMarked
package io.kumo.nats.autoconfigure.testcontainers;

import org.jspecify.annotations.NullMarked;
