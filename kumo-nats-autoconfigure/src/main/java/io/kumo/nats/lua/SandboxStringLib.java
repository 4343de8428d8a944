package io.kumo.nats.lua;

import java.io.ByteArrayOutputStream;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * One state's {@code string} library: LuaJ's functions, except that pattern matching,
 * {@code rep}, {@code gsub} and {@code format} charge their work to the state's budget and check
 * the size of what they build against the memory limit before building it ({@code format} from
 * the lengths of its arguments, checked again afterwards since {@code %q} may still grow a string
 * up to four times). The functions that strings' methods reach are a hidden copy, so a script
 * that changes {@code string} changes only its global table.
 */
final class SandboxStringLib extends TwoArgFunction {

	private static final int BYTES_PER_STEP = 64;

	private static final int FORMATTED_VALUE_LENGTH = 128;

	static final int VALUE_BYTES = 8;

	private final InstructionBudget budget;

	private final LuaTable functions = new LuaTable();

	SandboxStringLib(InstructionBudget budget) {
		this.budget = budget;
		LuaTable stock = StringMetatable.stockFunctions();
		this.functions.set("byte", new Bytes(stock.get("byte"), budget));
		for (String name : new String[] { "char", "dump", "len", "sub" }) {
			this.functions.set(name, stock.get(name));
		}
		for (String name : new String[] { "lower", "reverse", "upper" }) {
			this.functions.set(name, new Copy(stock.get(name), budget));
		}
		this.functions.set("format", new Format(stock.get("format"), budget));
		this.functions.set("rep", new Rep(budget));
		this.functions.set("find", new Find(budget, true));
		this.functions.set("match", new Find(budget, false));
		this.functions.set("gmatch", new GMatch(budget));
		this.functions.set("gsub", new GSub(budget));
	}

	@Override
	public LuaValue call(LuaValue modname, LuaValue env) {
		LuaTable string = new LuaTable();
		for (Varargs entry = this.functions.next(NIL); !entry.arg1().isnil(); entry = this.functions
			.next(entry.arg1())) {
			string.set(entry.arg1(), entry.arg(2));
		}
		env.set("string", string);
		env.get("package").get("loaded").set("string", string);
		return string;
	}

	/**
	 * The metatable of strings while this state runs: methods from the hidden copy, and
	 * {@code getmetatable('')} answers {@code false}.
	 * @return a new metatable
	 */
	LuaTable metatable() {
		LuaTable metatable = new LuaTable();
		metatable.set(INDEX, this.functions);
		metatable.set(METATABLE, FALSE);
		return metatable;
	}

	static void charge(InstructionBudget budget, long bytes) {
		budget.charge(bytes / BYTES_PER_STEP);
	}

	private static void write(ByteArrayOutputStream output, LuaString text) {
		output.write(text.m_bytes, text.m_offset, text.m_length);
	}

	private static int start(Varargs args, int length) {
		int init = args.optint(3, 1);
		int position = (init >= 0) ? init - 1 : length + init;
		return Math.max(0, Math.min(position, length));
	}

	private static final class Find extends VarArgFunction {

		private final InstructionBudget budget;

		private final boolean find;

		Find(InstructionBudget budget, boolean find) {
			this.budget = budget;
			this.find = find;
		}

		@Override
		public Varargs invoke(Varargs args) {
			LuaString source = args.checkstring(1);
			LuaString pattern = args.checkstring(2);
			int start = start(args, source.rawlen());
			LuaPattern matcher = new LuaPattern(source, pattern, this.budget);
			if (this.find && (args.arg(4).toboolean() || !LuaPattern.hasSpecials(pattern))) {
				int at = matcher.findPlain(start);
				return (at == -1) ? NIL : varargsOf(valueOf(at + 1), valueOf(at + pattern.rawlen()));
			}
			boolean anchored = matcher.anchored();
			int patternStart = anchored ? 1 : 0;
			int s = start;
			do {
				int end = matcher.matchAt(s, patternStart);
				if (end != -1) {
					if (this.find) {
						return varargsOf(valueOf(s + 1), valueOf(end), matcher.captures(s, end, false));
					}
					return matcher.captures(s, end, true);
				}
			}
			while (s++ < source.rawlen() && !anchored);
			return NIL;
		}

	}

	private static final class GMatch extends VarArgFunction {

		private final InstructionBudget budget;

		GMatch(InstructionBudget budget) {
			this.budget = budget;
		}

		@Override
		public Varargs invoke(Varargs args) {
			LuaString source = args.checkstring(1);
			LuaString pattern = args.checkstring(2);
			return new Matches(new LuaPattern(source, pattern, this.budget), source.rawlen());
		}

	}

	private static final class Matches extends VarArgFunction {

		private final LuaPattern matcher;

		private final int length;

		private int position;

		Matches(LuaPattern matcher, int length) {
			this.matcher = matcher;
			this.length = length;
		}

		@Override
		public Varargs invoke(Varargs args) {
			for (; this.position <= this.length; this.position++) {
				int end = this.matcher.matchAt(this.position, 0);
				if (end != -1) {
					int start = this.position;
					this.position = (end == start) ? end + 1 : end;
					return this.matcher.captures(start, end, true);
				}
			}
			return NIL;
		}

	}

	private static final class GSub extends VarArgFunction {

		private final InstructionBudget budget;

		GSub(InstructionBudget budget) {
			this.budget = budget;
		}

		@Override
		public Varargs invoke(Varargs args) {
			LuaString source = args.checkstring(1);
			int length = source.rawlen();
			LuaString pattern = args.checkstring(2);
			LuaValue replacement = args.arg(3);
			int type = replacement.type();
			if (type != TSTRING && type != TNUMBER && type != TTABLE && type != TFUNCTION) {
				argerror(3, "string/function/table expected");
			}
			int maxReplacements = args.optint(4, length + 1);
			LuaPattern matcher = new LuaPattern(source, pattern, this.budget);
			boolean anchored = matcher.anchored();
			int patternStart = anchored ? 1 : 0;
			ByteArrayOutputStream result = new ByteArrayOutputStream(length);
			int s = 0;
			int replaced = 0;
			while (replaced < maxReplacements) {
				int end = matcher.matchAt(s, patternStart);
				if (end != -1) {
					replaced++;
					append(result, matcher, s, end, replacement);
				}
				if (end != -1 && end > s) {
					s = end;
				}
				else if (s < length) {
					result.write(source.luaByte(s++));
				}
				else {
					break;
				}
				if (anchored) {
					break;
				}
			}
			this.budget.reserve((long) result.size() + length - s);
			write(result, source.substring(s, length));
			return varargsOf(LuaString.valueOf(result.toByteArray()), valueOf(replaced));
		}

		private void append(ByteArrayOutputStream result, LuaPattern matcher, int start, int end, LuaValue replacement) {
			LuaValue value;
			if (replacement.isfunction()) {
				value = replacement.invoke(matcher.captures(start, end, true)).arg1();
			}
			else if (replacement.istable()) {
				value = replacement.get(matcher.capture(0, start, end));
			}
			else {
				appendTemplate(result, matcher, start, end, replacement.checkstring());
				return;
			}
			if (!value.toboolean()) {
				write(result, matcher.matched(start, end));
			}
			else if (value.isstring()) {
				write(result, value.checkstring());
			}
			else {
				throw new LuaError("invalid replacement value (a " + value.typename() + ")");
			}
			this.budget.reserve(result.size());
		}

		private void appendTemplate(ByteArrayOutputStream result, LuaPattern matcher, int start, int end, LuaString template) {
			int templateLength = template.rawlen();
			for (int i = 0; i < templateLength; i++) {
				int c = template.luaByte(i);
				if (c != '%') {
					result.write(c);
					continue;
				}
				if (++i >= templateLength) {
					throw new LuaError("invalid use of '%' in replacement string");
				}
				c = template.luaByte(i);
				if (c == '0') {
					write(result, matcher.capture(0, start, end).checkstring());
				}
				else if (c >= '1' && c <= '9') {
					write(result, matcher.capture(c - '1', start, end).checkstring());
				}
				else {
					result.write(c);
				}
				this.budget.reserve(result.size());
			}
		}

	}

	private static final class Rep extends VarArgFunction {

		private final InstructionBudget budget;

		Rep(InstructionBudget budget) {
			this.budget = budget;
		}

		@Override
		public Varargs invoke(Varargs args) {
			LuaString text = args.checkstring(1);
			long count = (long) args.checkdouble(2);
			LuaString separator = args.optstring(3, EMPTYSTRING);
			if (count <= 0 || (text.rawlen() == 0 && separator.rawlen() == 0)) {
				return EMPTYSTRING;
			}
			long unit = (long) text.rawlen() + separator.rawlen();
			if (count > Integer.MAX_VALUE / unit + 1) {
				this.budget.reserve(Long.MAX_VALUE);
			}
			long total = text.rawlen() * count + separator.rawlen() * (count - 1);
			this.budget.reserve(total);
			charge(this.budget, total);
			byte[] bytes = new byte[(int) total];
			int at = 0;
			for (long i = 0; i < count; i++) {
				if (i > 0) {
					separator.copyInto(0, bytes, at, separator.rawlen());
					at += separator.rawlen();
				}
				text.copyInto(0, bytes, at, text.rawlen());
				at += text.rawlen();
			}
			return LuaString.valueOf(bytes);
		}

	}

	/**
	 * A stock function whose result is a new string as long as its argument.
	 */
	private static final class Copy extends VarArgFunction {

		private final LuaValue stock;

		private final InstructionBudget budget;

		Copy(LuaValue stock, InstructionBudget budget) {
			this.stock = stock;
			this.budget = budget;
		}

		@Override
		public Varargs invoke(Varargs args) {
			LuaValue text = args.arg1();
			if (text.isstring()) {
				this.budget.reserve(text.checkstring().rawlen());
			}
			return this.stock.invoke(args);
		}

	}

	private static final class Bytes extends VarArgFunction {

		private final LuaValue bytes;

		private final InstructionBudget budget;

		Bytes(LuaValue bytes, InstructionBudget budget) {
			this.bytes = bytes;
			this.budget = budget;
		}

		@Override
		public Varargs invoke(Varargs args) {
			int length = args.checkstring(1).rawlen();
			int first = Math.max(1, position(args.optint(2, 1), length));
			int last = Math.min(length, position(args.optint(3, first), length));
			if (last >= first) {
				this.budget.reserve(((long) last - first + 1) * VALUE_BYTES);
			}
			return this.bytes.invoke(args);
		}

		private static int position(int position, int length) {
			return (position >= 0) ? position : length + position + 1;
		}

	}

	private static final class Format extends VarArgFunction {

		private final LuaValue format;

		private final InstructionBudget budget;

		Format(LuaValue format, InstructionBudget budget) {
			this.format = format;
			this.budget = budget;
		}

		@Override
		public Varargs invoke(Varargs args) {
			long expected = args.checkstring(1).rawlen();
			for (int i = 2; i <= args.narg(); i++) {
				LuaValue value = args.arg(i);
				expected += (value.type() == TSTRING) ? value.rawlen() : FORMATTED_VALUE_LENGTH;
			}
			this.budget.reserve(expected);
			LuaValue result = this.format.invoke(args).arg1();
			this.budget.reserve(result.rawlen());
			charge(this.budget, result.rawlen());
			return result;
		}

	}

}
