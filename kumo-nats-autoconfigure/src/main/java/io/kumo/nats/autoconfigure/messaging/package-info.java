/**
 * Auto-configuration of NATS messaging: listener containers, templates, message conversion and
 * observation.
 */
@NullMarked
package io.kumo.nats.autoconfigure.messaging;

import org.jspecify.annotations.NullMarked;
