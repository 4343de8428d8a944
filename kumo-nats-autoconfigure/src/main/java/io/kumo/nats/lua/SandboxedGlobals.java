package io.kumo.nats.lua;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseIoLib;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.luaj.vm2.lib.jse.JseOsLib;
import org.luaj.vm2.lib.jse.LuajavaLib;

/**
 * Builds one script state's {@link Globals} with only what the {@link LuaSandbox} allows, instead
 * of LuaJ's {@code standardGlobals()}, which hands every script the JVM and the file system.
 */
final class SandboxedGlobals {

	private static final String[] SAFE_OS_FUNCTIONS = { "time", "clock", "date" };

	private static final String[] FILE_BASE_FUNCTIONS = { "dofile", "loadfile" };

	private static final String[] LOADED_LIBRARIES = { "string", "os", "io", "luajava" };

	private SandboxedGlobals() {
	}

	static Globals create(LuaSandbox sandbox, InstructionBudget budget, SandboxStringLib strings,
			TwoArgFunction kumoLibrary) {
		Globals globals = new Globals();
		globals.load(new JseBaseLib());
		PackageLib packageLib = new PackageLib();
		globals.load(packageLib);
		globals.load(strings);
		globals.load(new TableLib());
		LuaValue table = globals.get("table");
		table.set("concat", new TableConcat(budget));
		table.set("unpack", new TableUnpack(table.get("unpack"), budget));
		globals.load(new JseMathLib());
		globals.load(new JseOsLib());
		if (sandbox.io()) {
			globals.load(new JseIoLib());
		}
		else {
			globals.set("os", only(globals.get("os"), SAFE_OS_FUNCTIONS));
			for (String function : FILE_BASE_FUNCTIONS) {
				globals.set(function, LuaValue.NIL);
			}
		}
		if (sandbox.luajava()) {
			globals.load(new LuajavaLib());
		}
		LoadState.install(globals);
		LuaC.install(globals);
		globals.set("load", new SandboxedLoad(globals.get("load"), sandbox.binaryChunks()));
		globals.load(budget);
		globals.load(kumoLibrary);
		if (sandbox.requirePath() != null) {
			packageLib.setLuaPath(sandbox.requirePath());
			LuaValue packageTable = globals.get("package");
			packageTable.set("searchers", LuaValue.listOf(new LuaValue[] { packageLib.preload_searcher,
					packageLib.lua_searcher }));
			for (String library : LOADED_LIBRARIES) {
				packageTable.get("loaded").set(library, globals.get(library));
			}
		}
		else {
			globals.set("package", LuaValue.NIL);
			globals.set("require", LuaValue.NIL);
		}
		return globals;
	}

	private static LuaTable only(LuaValue library, String[] names) {
		LuaTable subset = new LuaTable();
		for (String name : names) {
			subset.set(name, library.get(name));
		}
		return subset;
	}

}
