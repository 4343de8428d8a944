package io.kumo.nats.lua;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LuaDurationsTests {

	static LuaValue lua(String expression) {
		Globals globals = new Globals();
		LoadState.install(globals);
		LuaC.install(globals);
		return globals.load("return " + expression).call();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			'5s'                   | PT5S
			'500ms'                | PT0.5S
			'2m'                   | PT2M
			'1 minute'             | PT1M
			'2 minutes'            | PT2M
			'1h30m'                | PT1H30M
			'1h 30m 15s'           | PT1H30M15S
			'1.5s'                 | PT1.5S
			'250us'                | PT0.00025S
			'10ns'                 | PT0.00000001S
			'1d'                   | PT24H
			'7'                    | PT7S
			'PT3S'                 | PT3S
			5                      | PT5S
			2.5                    | PT2.5S
			0.001                  | PT0.001S
			{ secs = 90, nanos = 0 } | PT1M30S
			{ secs = 1, nanos = 500000000 } | PT1.5S
			{ nanos = 1000 }       | PT0.000001S
			""")
	void parsesDurations(String expression, Duration expected) {
		assertThat(LuaDurations.parse(lua(expression))).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			0                        | must be a duration greater than zero
			-1                       | must be a duration greater than zero
			'0s'                     | must be a duration greater than zero
			'-5s'                    | must be a duration greater than zero
			{ secs = 0, nanos = 0 }  | must be a duration greater than zero
			'soon'                   | 'soon' is not a duration; expected a duration such as '5s'
			'5 parsecs'              | '5 parsecs' is not a duration
			'5s 3'                   | '5s 3' is not a duration
			''                       | '' is not a duration
			true                     | expected a duration such as '5s', '500ms', '2m', '1 minute' or '1h30m', a number of seconds such as 2.5, or { secs = 5, nanos = 0 }, got boolean
			{ secs = 1, millis = 2 } | unknown key 'millis' in a duration table
			{ secs = 1.5 }           | secs must be a whole number
			{ nanos = 2000000000 }   | nanos must be below 1000000000
			1/0                      | not finite
			""")
	void rejectsBadDurations(String expression, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> LuaDurations.parse(lua(expression)))
			.withMessageContaining(message);
	}

}
