package io.kumo.nats.benchmarks;

import io.kumo.nats.lua.NatsLuaScript;
import io.kumo.nats.lua.NatsLuaScripts;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Lua side of the comparisons: one script whose functions do what the raw jnats benchmarks
 * do, through {@code kumo.nats}.
 */
final class BenchmarkScripts {

	private static final String SOURCE = """
			local url = '%s'
			local client = kumo.nats.connect { servers = { url }, name = 'bench-lua' }

			function core(payload)
			  client:publish_core { subject = 'bench.core', payload = payload }
			end

			function core_loop(payload)
			  for i = 1, %d do
			    client:publish_core { subject = 'bench.core', payload = payload }
			  end
			end

			function flush()
			  client:flush('30s')
			end

			function jetstream(payload)
			  return client:publish { subject = '%s', payload = payload }.sequence
			end

			function request(payload)
			  return client:request { subject = '%s', payload = payload, timeout = '5s' }.payload
			end

			function connect_each(payload)
			  local each = kumo.nats.connect { servers = { url }, name = 'bench-each' }
			  local sequence = each:publish { subject = '%s', payload = payload }.sequence
			  each:close()
			  return sequence
			end
			""";

	private BenchmarkScripts() {
	}

	static NatsLuaScript compile(ConfigurableApplicationContext context) {
		String source = SOURCE.formatted(BenchmarkServer.url(), CorePublishBenchmark.PUBLISHES_PER_LOOP,
				BenchmarkServer.STREAM_SUBJECT,
				RequestReplyBenchmark.SUBJECT, BenchmarkServer.STREAM_SUBJECT);
		return context.getBean(NatsLuaScripts.class).compile("benchmark.lua", source);
	}

}
