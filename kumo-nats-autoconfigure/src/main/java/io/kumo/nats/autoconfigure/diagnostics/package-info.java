/**
 * Failure analysis for NATS connections that cannot be configured or opened at startup.
 */
@NullMarked
package io.kumo.nats.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
