/**
 * Conversion between message bodies and the objects that templates send and listeners take.
 */
@NullMarked
package io.kumo.nats.messaging.converter;

import org.jspecify.annotations.NullMarked;
