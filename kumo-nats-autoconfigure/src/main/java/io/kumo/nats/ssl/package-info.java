/**
 * TLS for NATS connections from PEM files, with the host-name check jnats leaves out.
 */
@NullMarked
package io.kumo.nats.ssl;

import org.jspecify.annotations.NullMarked;
