package io.kumo.nats.lua;

import org.luaj.vm2.Buffer;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code table.concat} that measures its result and charges its work to the state's budget before
 * it builds the string, so a huge table cannot outrun the time or memory limit.
 */
final class TableConcat extends VarArgFunction {

	private static final int ELEMENTS_PER_CHARGE = 1024;

	private final InstructionBudget budget;

	TableConcat(InstructionBudget budget) {
		this.budget = budget;
	}

	@Override
	public Varargs invoke(Varargs args) {
		LuaTable list = args.checktable(1);
		LuaString separator = args.optstring(2, EMPTYSTRING);
		int first = args.optint(3, 1);
		int last = args.isnoneornil(4) ? list.length() : args.checkint(4);
		if (first > last) {
			return EMPTYSTRING;
		}
		long length = (long) separator.rawlen() * ((long) last - first);
		for (long i = first; i <= last; i++) {
			length += element(list, (int) i).rawlen();
			if ((i & ELEMENTS_PER_CHARGE - 1) == 0) {
				this.budget.charge(ELEMENTS_PER_CHARGE);
			}
		}
		this.budget.reserve(length);
		SandboxStringLib.charge(this.budget, length);
		Buffer result = new Buffer((int) length);
		for (long i = first; i <= last; i++) {
			if (i > first) {
				result.append(separator);
			}
			result.append(element(list, (int) i));
		}
		return result.tostring();
	}

	private static LuaString element(LuaTable list, int index) {
		LuaValue value = list.rawget(index);
		if (!value.isstring()) {
			throw new LuaError("invalid value (at index " + index + ") in table for 'concat'");
		}
		return value.checkstring();
	}

}
