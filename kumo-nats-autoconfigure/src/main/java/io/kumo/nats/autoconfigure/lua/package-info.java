/**
 * Auto-configuration of the kumo.nats Lua bridge.
 */
@NullMarked
package io.kumo.nats.autoconfigure.lua;

import org.jspecify.annotations.NullMarked;
