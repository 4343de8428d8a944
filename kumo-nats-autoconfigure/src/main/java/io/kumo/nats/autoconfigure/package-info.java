/**
 * Auto-configuration of NATS connections declared under {@code kumo.nats.connections}.
 */
@NullMarked
package io.kumo.nats.autoconfigure;

import org.jspecify.annotations.NullMarked;
