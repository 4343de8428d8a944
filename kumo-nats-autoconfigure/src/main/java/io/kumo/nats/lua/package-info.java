/**
 * KumoMTA's {@code kumo.nats} Lua API on LuaJ: sandboxed script states, the library and its client object.
 */
@NullMarked
package io.kumo.nats.lua;

import org.jspecify.annotations.NullMarked;
