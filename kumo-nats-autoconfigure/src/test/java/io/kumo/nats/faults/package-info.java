/**
 * Fault injection against real servers: crashes, failover and shutdown during publish loops.
 */
@NullMarked
package io.kumo.nats.faults;

import org.jspecify.annotations.NullMarked;
