package io.kumo.nats.benchmarks;

import java.util.concurrent.TimeUnit;

import io.kumo.nats.lua.NatsLuaScript;
import io.kumo.nats.lua.NatsLuaScripts;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * What entering a script from Java costs, apart from anything the script does: a function that
 * does nothing, given a 16 B payload, called through {@link NatsLuaScript#call} (a pooled state,
 * the sandbox, the budgets: {@code sandboxed}) and on plain LuaJ globals ({@code plainLuaj}). No
 * server is involved, so this is the steadiest view of the cost that the once-per-call
 * {@code CorePublishBenchmark.lua} row pays on top of {@code publish_core}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScriptEntryBenchmark {

	private static final String SOURCE = "function noop(payload) end";

	private final byte[] payload = new byte[16];

	private ConfigurableApplicationContext context;

	private NatsLuaScript sandboxed;

	private LuaValue plain;

	@Setup
	public void compile() {
		this.context = BenchmarkServer.application();
		this.sandboxed = this.context.getBean(NatsLuaScripts.class).compile("entry.lua", SOURCE);
		Globals globals = new Globals();
		LoadState.install(globals);
		LuaC.install(globals);
		globals.load(SOURCE, "entry.lua").call();
		this.plain = globals.get("noop");
	}

	@TearDown
	public void close() {
		this.context.close();
	}

	@Benchmark
	public Object sandboxed() {
		return this.sandboxed.call("noop", this.payload);
	}

	@Benchmark
	public Object plainLuaj() {
		return this.plain.call(LuaString.valueUsing(this.payload));
	}

}
