/**
 * The one factory that turns settings into live jnats connections, and the registry that knows
 * every live connection by name.
 */
@NullMarked
package io.kumo.nats.connection;

import org.jspecify.annotations.NullMarked;
