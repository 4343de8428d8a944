package io.kumo.nats.lua;

import org.luaj.vm2.LuaError;

/**
 * The message a Java caller gets for a failed script. LuaJ turns a Java exception inside a
 * library call into {@code vm error: } and the exception's class name; operators and script
 * authors get a plain sentence instead, and the exception stays the cause.
 */
final class LuaFailures {

	private static final String VM_ERROR = "vm error: ";

	private LuaFailures() {
	}

	static String message(Throwable failure) {
		if (failure instanceof LuaError error) {
			String message = String.valueOf(error.getMessage());
			int vmError = message.indexOf(VM_ERROR);
			Throwable cause = error.getCause();
			if (vmError < 0 || cause == null || cause instanceof LuaError) {
				return message;
			}
			return message.substring(0, vmError) + plain(cause);
		}
		return plain(failure);
	}

	private static String plain(Throwable failure) {
		if (failure instanceof OutOfMemoryError) {
			return "script stopped: the application ran out of memory";
		}
		if (failure instanceof StackOverflowError) {
			return "stack overflow";
		}
		return "a library function failed unexpectedly";
	}

}
