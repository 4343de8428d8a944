/**
 * Benchmarks that run kumo-nats, its Lua bridge and raw jnats side by side against one local server.
 */
@NullMarked
package io.kumo.nats.benchmarks;

import org.jspecify.annotations.NullMarked;
