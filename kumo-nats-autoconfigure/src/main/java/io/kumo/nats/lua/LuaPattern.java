package io.kumo.nats.lua;

import java.util.Arrays;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Matches one Lua pattern against one string, as the Lua 5.2 manual defines patterns, charging
 * every step to the script's budget: LuaJ's own matcher cannot be stopped, and a pattern such as
 * {@code a*a*a*...b} backtracks for longer than any time limit. It answers like LuaJ 3.0.1 for
 * well-formed patterns ({@code %g} is a plain {@code g} there too) and raises a Lua error where
 * LuaJ fails with a Java exception.
 */
final class LuaPattern {

	private static final int MAX_CAPTURES = 32;

	private static final int UNFINISHED = -1;

	private static final int POSITION = -2;

	private static final int STEPS_PER_CHARGE = 1024;

	private static final int[] NO_CAPTURES = {};

	private static final String SPECIALS = "^$*+?.([%-";

	private final LuaString source;

	private final LuaString pattern;

	private final int sourceLength;

	private final int patternLength;

	private final InstructionBudget budget;

	private int[] captureStart = NO_CAPTURES;

	private int[] captureLength = NO_CAPTURES;

	private int level;

	private int steps;

	LuaPattern(LuaString source, LuaString pattern, InstructionBudget budget) {
		this.source = source;
		this.pattern = pattern;
		this.sourceLength = source.rawlen();
		this.patternLength = pattern.rawlen();
		this.budget = budget;
	}

	static boolean hasSpecials(LuaString pattern) {
		for (int i = 0; i < pattern.rawlen(); i++) {
			if (SPECIALS.indexOf(pattern.luaByte(i)) >= 0) {
				return true;
			}
		}
		return false;
	}

	boolean anchored() {
		return this.patternLength > 0 && this.pattern.luaByte(0) == '^';
	}

	/**
	 * Matches the pattern from a position of the source.
	 * @param start where in the source to start
	 * @param patternStart where in the pattern to start, past a {@code ^} anchor
	 * @return the end of the match, or {@code -1}
	 */
	int matchAt(int start, int patternStart) {
		this.level = 0;
		return match(start, patternStart);
	}

	/**
	 * Finds the pattern as plain text, without special characters.
	 * @param start where in the source to start
	 * @return the start of the first occurrence, or {@code -1}
	 */
	int findPlain(int start) {
		for (int s = start; s + this.patternLength <= this.sourceLength; s++) {
			int i = 0;
			while (i < this.patternLength && this.source.luaByte(s + i) == this.pattern.luaByte(i)) {
				i++;
				step();
			}
			if (i == this.patternLength) {
				return s;
			}
			step();
		}
		return -1;
	}

	Varargs captures(int start, int end, boolean wholeMatchWithoutCaptures) {
		int count = (this.level == 0 && wholeMatchWithoutCaptures) ? 1 : this.level;
		if (count == 1) {
			return capture(0, start, end);
		}
		LuaValue[] values = new LuaValue[count];
		for (int i = 0; i < count; i++) {
			values[i] = capture(i, start, end);
		}
		return LuaValue.varargsOf(values);
	}

	LuaValue capture(int index, int start, int end) {
		if (index >= this.level) {
			if (index == 0) {
				return this.source.substring(start, end);
			}
			throw new LuaError("invalid capture index");
		}
		int length = this.captureLength[index];
		if (length == UNFINISHED) {
			throw new LuaError("unfinished capture");
		}
		if (length == POSITION) {
			return LuaValue.valueOf(this.captureStart[index] + 1);
		}
		return this.source.substring(this.captureStart[index], this.captureStart[index] + length);
	}

	LuaString matched(int start, int end) {
		return this.source.substring(start, end);
	}

	private int match(int start, int patternStart) {
		int s = start;
		int p = patternStart;
		while (true) {
			step();
			if (p == this.patternLength) {
				return s;
			}
			int c = this.pattern.luaByte(p);
			if (c == '(') {
				if (p + 1 < this.patternLength && this.pattern.luaByte(p + 1) == ')') {
					return startCapture(s, p + 2, POSITION);
				}
				return startCapture(s, p + 1, UNFINISHED);
			}
			if (c == ')') {
				return endCapture(s, p + 1);
			}
			if (c == '$' && p + 1 == this.patternLength) {
				return (s == this.sourceLength) ? s : -1;
			}
			if (c == '%' && p + 1 < this.patternLength) {
				int next = this.pattern.luaByte(p + 1);
				if (next == 'b') {
					s = matchBalance(s, p + 2);
					if (s == -1) {
						return -1;
					}
					p += 4;
					continue;
				}
				if (next == 'f') {
					p += 2;
					if (p >= this.patternLength || this.pattern.luaByte(p) != '[') {
						throw new LuaError("missing '[' after '%f' in pattern");
					}
					int classEnd = classEnd(p);
					int before = (s == 0) ? 0 : this.source.luaByte(s - 1);
					int at = (s < this.sourceLength) ? this.source.luaByte(s) : 0;
					if (inBrackets(before, p, classEnd - 1) || !inBrackets(at, p, classEnd - 1)) {
						return -1;
					}
					p = classEnd;
					continue;
				}
				if (next >= '0' && next <= '9') {
					s = matchCapture(s, next);
					if (s == -1) {
						return -1;
					}
					p += 2;
					continue;
				}
			}
			int classEnd = classEnd(p);
			boolean matches = s < this.sourceLength && singleMatch(this.source.luaByte(s), p, classEnd);
			int quantifier = (classEnd < this.patternLength) ? this.pattern.luaByte(classEnd) : -1;
			if (quantifier == '?') {
				if (matches) {
					int end = match(s + 1, classEnd + 1);
					if (end != -1) {
						return end;
					}
				}
				p = classEnd + 1;
			}
			else if (quantifier == '+') {
				return matches ? longest(s + 1, p, classEnd) : -1;
			}
			else if (quantifier == '*') {
				return longest(s, p, classEnd);
			}
			else if (quantifier == '-') {
				return shortest(s, p, classEnd);
			}
			else if (matches) {
				s++;
				p = classEnd;
			}
			else {
				return -1;
			}
		}
	}

	private int longest(int start, int p, int classEnd) {
		int count = 0;
		while (start + count < this.sourceLength && singleMatch(this.source.luaByte(start + count), p, classEnd)) {
			count++;
			step();
		}
		for (; count >= 0; count--) {
			int end = match(start + count, classEnd + 1);
			if (end != -1) {
				return end;
			}
		}
		return -1;
	}

	private int shortest(int start, int p, int classEnd) {
		int s = start;
		while (true) {
			int end = match(s, classEnd + 1);
			if (end != -1) {
				return end;
			}
			if (s < this.sourceLength && singleMatch(this.source.luaByte(s), p, classEnd)) {
				s++;
			}
			else {
				return -1;
			}
		}
	}

	private int startCapture(int s, int p, int what) {
		if (this.level >= MAX_CAPTURES) {
			throw new LuaError("too many captures");
		}
		if (this.level == this.captureStart.length) {
			int size = Math.min(MAX_CAPTURES, Math.max(4, this.level * 2));
			this.captureStart = Arrays.copyOf(this.captureStart, size);
			this.captureLength = Arrays.copyOf(this.captureLength, size);
		}
		this.captureStart[this.level] = s;
		this.captureLength[this.level] = what;
		this.level++;
		int end = match(s, p);
		if (end == -1) {
			this.level--;
		}
		return end;
	}

	private int endCapture(int s, int p) {
		int open = openCapture();
		this.captureLength[open] = s - this.captureStart[open];
		int end = match(s, p);
		if (end == -1) {
			this.captureLength[open] = UNFINISHED;
		}
		return end;
	}

	private int openCapture() {
		for (int i = this.level - 1; i >= 0; i--) {
			if (this.captureLength[i] == UNFINISHED) {
				return i;
			}
		}
		throw new LuaError("invalid pattern capture");
	}

	private int matchBalance(int s, int p) {
		if (p + 1 >= this.patternLength) {
			throw new LuaError("malformed pattern (missing arguments to '%b')");
		}
		int open = this.pattern.luaByte(p);
		int close = this.pattern.luaByte(p + 1);
		if (s >= this.sourceLength || this.source.luaByte(s) != open) {
			return -1;
		}
		int depth = 1;
		for (int i = s + 1; i < this.sourceLength; i++) {
			step();
			int c = this.source.luaByte(i);
			if (c == close) {
				if (--depth == 0) {
					return i + 1;
				}
			}
			else if (c == open) {
				depth++;
			}
		}
		return -1;
	}

	private int matchCapture(int s, int digit) {
		int index = digit - '1';
		if (index < 0 || index >= this.level || this.captureLength[index] == UNFINISHED) {
			throw new LuaError("invalid capture index");
		}
		int length = this.captureLength[index];
		if (length < 0 || this.sourceLength - s < length) {
			return -1;
		}
		int start = this.captureStart[index];
		for (int i = 0; i < length; i++) {
			step();
			if (this.source.luaByte(start + i) != this.source.luaByte(s + i)) {
				return -1;
			}
		}
		return s + length;
	}

	private int classEnd(int p) {
		int c = this.pattern.luaByte(p++);
		if (c == '%') {
			if (p >= this.patternLength) {
				throw new LuaError("malformed pattern (ends with '%')");
			}
			return p + 1;
		}
		if (c == '[') {
			if (p < this.patternLength && this.pattern.luaByte(p) == '^') {
				p++;
			}
			do {
				if (p >= this.patternLength) {
					throw new LuaError("malformed pattern (missing ']')");
				}
				c = this.pattern.luaByte(p++);
				if (c == '%' && p < this.patternLength) {
					p++;
				}
			}
			while (p >= this.patternLength || this.pattern.luaByte(p) != ']');
			return p + 1;
		}
		return p;
	}

	private boolean singleMatch(int c, int p, int classEnd) {
		int first = this.pattern.luaByte(p);
		if (first == '.') {
			return true;
		}
		if (first == '%') {
			return inClass(c, this.pattern.luaByte(p + 1));
		}
		if (first == '[') {
			return inBrackets(c, p, classEnd - 1);
		}
		return first == c;
	}

	private boolean inBrackets(int c, int open, int close) {
		int p = open + 1;
		boolean wanted = true;
		if (this.pattern.luaByte(p) == '^') {
			wanted = false;
			p++;
		}
		while (p < close) {
			int item = this.pattern.luaByte(p);
			if (item == '%' && p + 1 < close) {
				if (inClass(c, this.pattern.luaByte(p + 1))) {
					return wanted;
				}
				p += 2;
			}
			else if (p + 2 < close && this.pattern.luaByte(p + 1) == '-') {
				if (item <= c && c <= this.pattern.luaByte(p + 2)) {
					return wanted;
				}
				p += 3;
			}
			else {
				if (item == c) {
					return wanted;
				}
				p++;
			}
		}
		return !wanted;
	}

	private static boolean inClass(int c, int letter) {
		boolean result;
		switch (Character.toLowerCase(letter)) {
			case 'a' -> result = isLetter(c);
			case 'c' -> result = c < 32 || c == 127;
			case 'd' -> result = isDigit(c);
			case 'l' -> result = c >= 'a' && c <= 'z';
			case 'p' -> result = isPunctuation(c);
			case 's' -> result = c == ' ' || (c >= '\t' && c <= '\r');
			case 'u' -> result = c >= 'A' && c <= 'Z';
			case 'w' -> result = isLetter(c) || isDigit(c);
			case 'x' -> result = isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
			case 'z' -> result = c == 0;
			default -> {
				return letter == c;
			}
		}
		return (letter >= 'A' && letter <= 'Z') != result;
	}

	private static boolean isLetter(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	private static boolean isDigit(int c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isPunctuation(int c) {
		return c > ' ' && c < 127 && !isLetter(c) && !isDigit(c);
	}

	private void step() {
		if (++this.steps == STEPS_PER_CHARGE) {
			this.steps = 0;
			this.budget.charge(STEPS_PER_CHARGE);
		}
	}

}
