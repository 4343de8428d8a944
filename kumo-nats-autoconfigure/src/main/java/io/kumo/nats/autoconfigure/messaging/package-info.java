/**
 * Auto-configuration of NATS messaging: listener containers and templates.
 */
@NullMarked
package io.kumo.nats.autoconfigure.messaging;

import org.jspecify.annotations.NullMarked;
