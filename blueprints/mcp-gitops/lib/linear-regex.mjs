// @ts-check
// Whole-string matching of a Prometheus (RE2) regular expression in time linear in the input, for the sample values
// the alert tests are written with. JavaScript's own RegExp backtracks: an answer such as `(a+)+$` made it run for
// exponential time (issue 19). This is a Thompson NFA, simulated one character at a time with a set of states, so no
// expression can make it slow; counted repetitions are expanded up to a bound on the number of states.
//
// The syntax is the part of RE2 a label matcher uses: literals and escapes, `.`, classes (`[a-z]`, `[^0-9]`,
// `\d \w \s` and their negations, `[[:alpha:]]`), groups (`(…)`, `(?:…)`, `(?P<name>…)`), `|`, `* + ?` (lazy or not:
// the same for a whole match), `{n}`, `{n,}`, `{n,m}`, `^` and `$`, and the flags `(?i)` and `(?s)`. The CLI checks
// every matcher against RE2 itself (re2js) and test/blueprint-contract.test.ts compares the two.

const MAX_STATES = 20_000;

/** @typedef {{ type: "char", test: (c: string) => boolean, next: number } | { type: "split", next: number[] } | { type: "assert", at: "start" | "end", next: number } | { type: "match" }} State */
/** @typedef {{ type: "set", test: (c: string) => boolean } | { type: "seq", items: Node[] } | { type: "alt", items: Node[] } | { type: "repeat", item: Node, min: number, max: number } | { type: "assert", at: "start" | "end" }} Node */

const POSIX = /** @type {Record<string, (c: string) => boolean>} */ ({
  alnum: (c) => /[A-Za-z0-9]/.test(c),
  alpha: (c) => /[A-Za-z]/.test(c),
  digit: (c) => /[0-9]/.test(c),
  lower: (c) => /[a-z]/.test(c),
  upper: (c) => /[A-Z]/.test(c),
  space: (c) => /[\t\n\v\f\r ]/.test(c),
  punct: (c) => /[!-/:-@[-`{-~]/.test(c),
  xdigit: (c) => /[0-9A-Fa-f]/.test(c),
  word: (c) => /\w/.test(c),
});

/** @param {string} c @returns {((c: string) => boolean) | undefined} */
function perlClass(c) {
  const base =
    c === "d" || c === "D"
      ? /[0-9]/
      : c === "w" || c === "W"
        ? /[0-9A-Za-z_]/
        : c === "s" || c === "S"
          ? /[\t\n\f\r ]/
          : undefined;
  if (!base) return undefined;
  const negated = c === c.toUpperCase();
  return (ch) => base.test(ch) !== negated;
}

/** @param {string} c */
function escaped(c) {
  const named = /** @type {Record<string, string>} */ ({ n: "\n", t: "\t", r: "\r", f: "\f", v: "\v", a: "\x07" });
  if (c in named) return /** @type {string} */ (named[c]);
  if (/[A-Za-z0-9]/.test(c)) throw new Error(`unsupported escape \\${c}`);
  return c;
}

/**
 * Parses `source` into a tree.
 * @param {string} source
 * @returns {Node}
 */
function parse(source) {
  let pos = 0;
  let fold = false;
  let dotAll = false;
  const peek = () => source[pos];
  /** @param {(c: string) => boolean} test @returns {Node} */
  const set = (test) => {
    const folded = fold;
    return { type: "set", test: folded ? (c) => test(c.toLowerCase()) || test(c.toUpperCase()) : test };
  };

  /** @returns {Node} */
  function alternation() {
    const items = [sequence()];
    while (peek() === "|") {
      pos++;
      items.push(sequence());
    }
    return items.length === 1 ? /** @type {Node} */ (items[0]) : { type: "alt", items };
  }

  /** @returns {Node} */
  function sequence() {
    /** @type {Node[]} */
    const items = [];
    while (pos < source.length && peek() !== "|" && peek() !== ")") {
      const atom = atomOrFlags();
      if (atom) items.push(quantified(atom));
    }
    return { type: "seq", items };
  }

  /** @param {Node} atom @returns {Node} */
  function quantified(atom) {
    for (;;) {
      const c = peek();
      let min;
      let max;
      if (c === "*" || c === "+" || c === "?") {
        pos++;
        [min, max] = c === "*" ? [0, Infinity] : c === "+" ? [1, Infinity] : [0, 1];
      } else if (c === "{" && /^\{\d+(,\d*)?\}/.test(source.slice(pos))) {
        const [text, low, rest] = /** @type {RegExpExecArray} */ (/^\{(\d+)(,\d*)?\}/.exec(source.slice(pos)));
        pos += text.length;
        min = Number(low);
        max = rest === undefined ? min : rest === "," ? Infinity : Number(rest.slice(1));
        if (min > 1000 || max < min || (max !== Infinity && max > 1000)) throw new Error(`bad repetition ${text}`);
      } else return atom;
      if (peek() === "?") pos++; // lazy: the same set of whole matches
      atom = { type: "repeat", item: atom, min, max };
    }
  }

  /** @returns {Node | undefined} */
  function atomOrFlags() {
    const c = /** @type {string} */ (source[pos++]);
    if (c === "(") {
      if (source.startsWith("?", pos)) {
        const flags = /^\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(source.slice(pos));
        const named = /^\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(source.slice(pos));
        if (named) pos += named[0].length;
        else if (flags) {
          pos += flags[0].length;
          const [saved, savedDot] = [fold, dotAll];
          for (const flag of flags[1] ?? "") applyFlag(flag, true);
          for (const flag of flags[2] ?? "") applyFlag(flag, false);
          if (flags[3] === ")") return undefined; // (?i) — for the rest of the group
          const inner = alternation();
          expect(")");
          [fold, dotAll] = [saved, savedDot];
          return inner;
        } else throw new Error(`unsupported group (${source.slice(pos, pos + 3)}`);
      }
      const [saved, savedDot] = [fold, dotAll];
      const inner = alternation();
      expect(")");
      [fold, dotAll] = [saved, savedDot];
      return inner;
    }
    if (c === ".") {
      const all = dotAll;
      return { type: "set", test: (ch) => all || ch !== "\n" };
    }
    if (c === "^") return { type: "assert", at: "start" };
    if (c === "$") return { type: "assert", at: "end" };
    if (c === "[") return classAtom();
    if (c === "\\") {
      const next = /** @type {string} */ (source[pos++]);
      if (next === undefined) throw new Error("trailing backslash");
      const perl = perlClass(next);
      if (perl) return set(perl);
      const literal = escaped(next);
      return set((ch) => ch === literal);
    }
    if (c === "*" || c === "+" || c === "?" || c === ")") throw new Error(`unexpected ${c}`);
    return set((ch) => ch === c);
  }

  /** @param {string} flag @param {boolean} on */
  function applyFlag(flag, on) {
    if (flag === "i") fold = on;
    else if (flag === "s") dotAll = on;
    else if (flag !== "m" && flag !== "U") throw new Error(`unsupported flag ${flag}`);
  }

  /** @returns {Node} */
  function classAtom() {
    const negated = peek() === "^";
    if (negated) pos++;
    /** @type {((c: string) => boolean)[]} */
    const parts = [];
    let first = true;
    while (pos < source.length && (peek() !== "]" || first)) {
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(source.slice(pos));
      if (posix) {
        const test = POSIX[/** @type {string} */ (posix[2])];
        if (!test) throw new Error(`unknown class ${posix[0]}`);
        pos += posix[0].length;
        parts.push(posix[1] ? (ch) => !test(ch) : test);
        continue;
      }
      let low = /** @type {string} */ (source[pos++]);
      if (low === "\\") {
        const next = /** @type {string} */ (source[pos++]);
        const perl = perlClass(next);
        if (perl) {
          parts.push(perl);
          continue;
        }
        low = escaped(next);
      }
      let high = low;
      if (peek() === "-" && source[pos + 1] !== "]" && pos + 1 < source.length) {
        pos++;
        high = /** @type {string} */ (source[pos++]);
        if (high === "\\") high = escaped(/** @type {string} */ (source[pos++]));
        if (high < low) throw new Error(`bad range ${low}-${high}`);
      }
      const [from, to] = [low, high];
      parts.push((ch) => ch >= from && ch <= to);
    }
    expect("]");
    return set((ch) => parts.some((part) => part(ch)) !== negated);
  }

  /** @param {string} c */
  function expect(c) {
    if (source[pos] !== c) throw new Error(`expected ${c} at ${pos}`);
    pos++;
  }

  const tree = alternation();
  if (pos !== source.length) throw new Error(`unexpected ${source[pos]} at ${pos}`);
  return tree;
}

/**
 * The NFA of a tree: a list of states, `start` its entry.
 * @param {Node} tree
 */
function compile(tree) {
  /** @type {State[]} */
  const states = [];
  /** @param {State} state */
  const add = (state) => {
    if (states.length >= MAX_STATES) throw new Error("the expression is too large");
    states.push(state);
    return states.length - 1;
  };
  /**
   * Emits `node` so that it continues at `next`; returns its entry.
   * @param {Node} node @param {number} next @returns {number}
   */
  function emit(node, next) {
    if (node.type === "set") return add({ type: "char", test: node.test, next });
    if (node.type === "seq") return node.items.reduceRight((after, item) => emit(item, after), next);
    if (node.type === "alt") return add({ type: "split", next: node.items.map((item) => emit(item, next)) });
    if (node.type === "assert") return add({ type: "assert", at: node.at, next });
    if (node.type === "repeat") {
      let entry = next;
      if (node.max === Infinity) {
        const loop = add({ type: "split", next: [] });
        /** @type {{ next: number[] }} */ (states[loop]).next = [emit(node.item, loop), next];
        entry = loop;
      } else {
        for (let i = node.min; i < node.max; i++) entry = add({ type: "split", next: [emit(node.item, entry), next] });
      }
      for (let i = 0; i < node.min; i++) entry = emit(node.item, entry);
      return entry;
    }
    throw new Error("unreachable");
  }
  const match = add({ type: "match" });
  const start = emit(tree, match);
  return { states, start };
}

/**
 * A whole-string matcher for `source`, in RE2 syntax; throws on syntax it does not support.
 * @param {string} source
 * @returns {(input: string) => boolean}
 */
export function linearMatcher(source) {
  const { states, start } = compile(parse(source));
  return (input) => {
    const chars = [...input];
    /** @param {number[]} from @param {number} index */
    const closure = (from, index) => {
      const seen = new Set();
      const out = [];
      const stack = [...from];
      while (stack.length > 0) {
        const id = /** @type {number} */ (stack.pop());
        if (seen.has(id)) continue;
        seen.add(id);
        const state = /** @type {State} */ (states[id]);
        if (state.type === "split") stack.push(...state.next);
        else if (state.type === "assert") {
          if (state.at === "start" ? index === 0 : index === chars.length) stack.push(state.next);
        } else out.push(id);
      }
      return out;
    };
    let current = closure([start], 0);
    for (const [index, ch] of chars.entries()) {
      const next = [];
      for (const id of current) {
        const state = /** @type {State} */ (states[id]);
        if (state.type === "char" && state.test(ch)) next.push(state.next);
      }
      current = closure(next, index + 1);
      if (current.length === 0) return false;
    }
    return current.some((id) => /** @type {State} */ (states[id]).type === "match");
  };
}
