package io.kumo.nats.lua;

import org.jspecify.annotations.Nullable;

/**
 * Thrown to Java callers when a script fails: a syntax error, a Lua error it raised or did not
 * catch, or a stop because it exceeded its budget. The message is the Lua error message.
 */
public class NatsLuaScriptException extends RuntimeException {

	private final String scriptName;

	NatsLuaScriptException(String scriptName, String message, @Nullable Throwable cause) {
		super("Lua script '" + scriptName + "' failed: " + message, cause);
		this.scriptName = scriptName;
	}

	/**
	 * The chunk name of the script, such as its file name.
	 * @return the script name
	 */
	public String getScriptName() {
		return this.scriptName;
	}

}
