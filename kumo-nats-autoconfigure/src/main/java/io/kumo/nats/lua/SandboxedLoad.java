package io.kumo.nats.lua;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The base library's {@code load}, kept under the sandbox. LuaJ runs its debug hooks only in
 * functions loaded with the state's globals as their environment, so a chunk is always loaded
 * that way and given the requested environment afterwards: {@code load(code, name, 't', env)}
 * cannot escape the budget. Precompiled chunks bypass the compiler's checks, so they are refused
 * unless switched on.
 */
final class SandboxedLoad extends VarArgFunction {

	private static final int ESCAPE = 0x1B;

	private final LuaValue load;

	private final boolean binaryChunks;

	SandboxedLoad(LuaValue load, boolean binaryChunks) {
		this.load = load;
		this.binaryChunks = binaryChunks;
	}

	@Override
	public Varargs invoke(Varargs args) {
		LuaValue chunk = args.arg1();
		if (!this.binaryChunks && chunk.type() == TSTRING && chunk.checkstring().length() > 0
				&& chunk.checkstring().luaByte(0) == ESCAPE) {
			return varargsOf(NIL, valueOf("load: binary chunks are disabled in the sandbox "
					+ "(kumo.nats.lua.allow-binary-chunks)"));
		}
		LuaValue mode = this.binaryChunks ? args.arg(3) : valueOf("t");
		Varargs loaded = this.load.invoke(varargsOf(chunk, args.arg(2), mode));
		if (args.narg() >= 4 && loaded.arg1() instanceof LuaClosure closure && closure.upValues.length > 0) {
			closure.upValues[0].setValue(args.arg(4));
		}
		return loaded;
	}

}
