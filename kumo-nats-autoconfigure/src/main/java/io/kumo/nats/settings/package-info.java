/**
 * One immutable description of a NATS connection, whether it comes from YAML or from a Lua table.
 */
@NullMarked
package io.kumo.nats.settings;

import org.jspecify.annotations.NullMarked;
