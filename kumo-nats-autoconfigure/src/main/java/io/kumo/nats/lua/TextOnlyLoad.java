package io.kumo.nats.lua;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The base library's {@code load}, limited to source text: precompiled chunks bypass the compiler's
 * checks, so the sandbox refuses them unless they are switched on.
 */
final class TextOnlyLoad extends VarArgFunction {

	private static final int ESCAPE = 0x1B;

	private final LuaValue load;

	TextOnlyLoad(LuaValue load) {
		this.load = load;
	}

	@Override
	public Varargs invoke(Varargs args) {
		LuaValue chunk = args.arg1();
		if (chunk.type() == TSTRING && chunk.checkstring().length() > 0 && chunk.checkstring().luaByte(0) == ESCAPE) {
			return varargsOf(NIL, valueOf("load: binary chunks are disabled in the sandbox "
					+ "(kumo.nats.lua.allow-binary-chunks)"));
		}
		return this.load.invoke(varargsOf(new LuaValue[] { chunk, args.arg(2), valueOf("t"), args.arg(4) }));
	}

}
