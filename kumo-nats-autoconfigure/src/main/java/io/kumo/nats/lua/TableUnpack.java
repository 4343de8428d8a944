package io.kumo.nats.lua;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code table.unpack} that checks the list of values it would return against the memory limit
 * first: LuaJ allocates it in one piece, so {@code table.unpack({}, 1, 1e9)} would otherwise take
 * gigabytes before the budget could look.
 */
final class TableUnpack extends VarArgFunction {

	private final LuaValue unpack;

	private final InstructionBudget budget;

	TableUnpack(LuaValue unpack, InstructionBudget budget) {
		this.unpack = unpack;
		this.budget = budget;
	}

	@Override
	public Varargs invoke(Varargs args) {
		LuaTable list = args.checktable(1);
		int first = args.optint(2, 1);
		int last = args.isnoneornil(3) ? list.length() : args.checkint(3);
		if (last >= first) {
			this.budget.reserve(((long) last - first + 1) * SandboxStringLib.VALUE_BYTES);
		}
		return this.unpack.invoke(args);
	}

}
