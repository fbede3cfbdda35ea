/**
 * A fast block-YAML emitter for plain JSON-like data whose output is byte-identical to the `yaml` library path in
 * yaml-helpers.ts. The library's `stringify` dominates fleet rendering; most of its time goes to building and walking
 * a node tree, while the layout of plain maps and sequences is fixed. So this walks the data itself and writes the
 * layout, and asks the library only how to write each distinct scalar (cached), except for one-line ASCII strings, whose
 * rules it applies itself. Anything it is not sure about returns undefined, and the caller renders the whole value
 * with the library.
 */

/** How the library prints single scalars; both without the document's final newline. */
export interface ScalarOracle {
  /** The text after `a: ` when the library prints `{a: value}`. */
  value(value: string | number | boolean | null): string | undefined;
  /** The whole text when the library prints `{[key]: 1}`. */
  key(key: string): string;
  /** True when the library's schema reads `text`, written plain, as something else than a string (42, y, 1:20). */
  readsAsNonString(text: string): boolean;
}

/** Thrown inside the walk when the value is not plain data this emitter vouches for. */
class NotPlain extends Error {}

// Strings that print plain in every position: no indicator, quote, space, colon or hash, and not a word or number
// that YAML 1.1 or 1.2 would read as something else. Numbers start with a digit, sign or dot — except YAML 1.1's
// float, whose integer part is optional: `e5` is a number there (the differential test found it).
const PLAIN_SAFE = /^[A-Za-z_/][A-Za-z0-9_./-]{0,199}$/;
// One line of printable ASCII that starts with a letter, digit, `_`, `/`, `$`, `(` or `.` (relative paths such as
// ../../base/<server>): none is an indicator, and after `key: ` or `- ` not even `...` ends a document. The library
// prints such a line plain in a block value or sequence item unless it holds ": " or " #", ends with a space or
// colon, or reads as a number, boolean, null, date or merge key (`readsAsNonString`, the test the library itself
// applies); then it quotes it: single quotes when it holds a double quote and no single one, otherwise double quotes
// with JSON's escapes. (Keys have more rules and stay with PLAIN_SAFE.)
const ASCII_LINE = /^[A-Za-z0-9_/$(.][\x20-\x7e]{0,1023}$/;
const NEEDS_QUOTES = /: | #|[ :]$/;
const SPECIAL_WORD = /^(?:y|n|yes|no|true|false|on|off|null|nan|inf|infinity)$|^e[-+]?[0-9]/i;

const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/m;

const BASE_INDENT = "  ";
const SHORT = 40;
const MAX_DEPTH = 200;

/** Whether a string value is written by the one-line ASCII rule (FastYaml.lineForm), not asked of the library. */
export function isAsciiLine(text: string): boolean {
  return ASCII_LINE.test(text);
}

/** Whether a one-line ASCII value holds what makes the library quote it whatever it reads as. */
export function needsQuotes(text: string): boolean {
  return NEEDS_QUOTES.test(text);
}

/**
 * A one-word string in a flow context (`<%= %>`): letters, digits and `_./-`, not starting with `.` or `-` (`...`
 * and `- x` have rules of their own). The library prints it plain, or double-quoted when it reads as a number,
 * boolean, null or date (`"1.2"`, `"007"`).
 */
export function inlineWord(text: string): boolean {
  return INLINE_WORD.test(text);
}

const INLINE_WORD = /^[A-Za-z0-9_/][A-Za-z0-9_./-]{0,199}$/;

/** A string the library prints as it is wherever it stands: as a key, a value, an item, a flow scalar, a document. */
export function printsPlainAnywhere(text: string): boolean {
  return PLAIN_SAFE.test(text) && !SPECIAL_WORD.test(text);
}

/** Map keys treat -0 and 0 as one; the library prints them differently. */
export const NEGATIVE_ZERO = Symbol("-0");

/** Emits `value` like the library would, or returns undefined when the library must do it. */
export function fastYaml(value: unknown, emitter: FastYaml): string | undefined {
  // Top-level scalars have document-level rules (markers, root indentation): rare and cheap for the library.
  if (value === null || typeof value !== "object") return undefined;
  try {
    // The document is one string built by appending: V8 keeps appended strings as ropes and copies them once, when
    // the text is first read, where an array of parts joined at the end allocated twice as much.
    if (Array.isArray(value)) return value.length === 0 ? "[]\n" : flat(`${emitter.seq(value, "", 0, true)}\n`);
    if (!isPlainObject(value)) return undefined;
    const text = emitter.map(value, "", 0, true);
    return text === "" ? "{}\n" : flat(`${text}\n`);
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

/**
 * The text as one flat string. Appending builds a tree of pieces that V8 copies into one string when it is first
 * read; reading it here, while the pieces are still young, lets the collector drop them at once instead of copying
 * thousands of them per document into the old generation (the tree keeps every document until it is written).
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Where the library's answers for scalars are cached; one per oracle. */
export class FastYaml {
  /** Per distinct scalar: its text as a top-level map value (continuation lines at BASE_INDENT). */
  private readonly values = new Map<unknown, string>();
  private readonly keys = new Map<string, string>();
  /** ASCII_LINE values of at most SHORT characters: their text. */
  private readonly shortLines = new Map<string, string>();

  constructor(private readonly oracle: ScalarOracle) {}

  /**
   * The pairs of a map at `indent`, each on a new line — except the first when `onLine` (the map is a sequence item
   * or the document, and starts on the current line). Empty when every value is undefined (the library prints `{}`).
   */
  map(object: Record<string, unknown>, indent: string, depth: number, onLine: boolean): string {
    if (depth > MAX_DEPTH) throw new NotPlain();
    const inner = indent + BASE_INDENT;
    let text = "";
    let wrote = false;
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      const value = object[key];
      if (value === undefined) continue; // the library leaves such pairs out
      if (wrote || !onLine) text += `\n${indent}`;
      text += `${this.key(key)}:${this.afterKey(value, inner, depth)}`;
      wrote = true;
    }
    return text;
  }

  /** A non-empty sequence at `indent`, `- ` per item, its first item on the current line when `onLine`. */
  seq(array: unknown[], indent: string, depth: number, onLine: boolean): string {
    if (depth > MAX_DEPTH) throw new NotPlain();
    const inner = indent + BASE_INDENT;
    let text = "";
    for (let index = 0; index < array.length; index++) {
      if (!(index in array)) throw new NotPlain(); // holes
      if (index > 0 || !onLine) text += `\n${indent}`;
      text += `- ${this.item(array[index], inner, depth)}`;
    }
    return text;
  }

  /** What follows `key:` — a scalar or empty collection on the same line, a collection on the next lines. */
  private afterKey(value: unknown, inner: string, depth: number): string {
    if (value === null || typeof value !== "object") return ` ${this.scalar(value, inner)}`;
    if (Array.isArray(value)) return value.length === 0 ? " []" : this.seq(value, inner, depth + 1, false);
    if (!isPlainObject(value)) throw new NotPlain();
    return this.map(value, inner, depth + 1, false) || " {}";
  }

  /** What follows `- `: collections start on the same line, their later lines at `inner`. */
  private item(value: unknown, inner: string, depth: number): string {
    if (value === null || typeof value !== "object") return this.scalar(value, inner);
    if (Array.isArray(value)) return value.length === 0 ? "[]" : this.seq(value, inner, depth + 1, true);
    if (!isPlainObject(value)) throw new NotPlain();
    return this.map(value, inner, depth + 1, true) || "{}";
  }

  /** A key's text; keys repeat in every document, so each is looked at once (plain ones too). */
  private key(key: string): string {
    let text = this.keys.get(key);
    if (text !== undefined) return text;
    if (printsPlainAnywhere(key)) text = key;
    // A word YAML reads as a boolean, null or number (a workflow's `on:`): the library double-quotes it.
    else if (PLAIN_SAFE.test(key) && this.oracle.readsAsNonString(key)) text = JSON.stringify(key);
    else {
      // The library quotes a key that starts like a document marker only at some depths: not worth modelling.
      if (DOCUMENT_MARKER.test(key)) throw new NotPlain();
      // `{key: 1}` prints `<key>: 1`; an explicit `? key` or a key spanning lines is left to the library.
      const printed = this.oracle.key(key);
      if (!printed.endsWith(": 1") || printed.startsWith("? ") || printed.includes("\n")) throw new NotPlain();
      text = printed.slice(0, -3);
    }
    remember(this.keys, key, text);
    return text;
  }

  /** A scalar whose continuation lines (block scalars, folded double quotes) sit at `inner`. */
  private scalar(value: unknown, inner: string): string {
    if (typeof value === "string") {
      // Short values (names, durations, severities) repeat across a fleet's documents: each is looked at once.
      const short = value.length <= SHORT;
      if (short) {
        const known = this.shortLines.get(value);
        if (known !== undefined) return known;
      }
      if (ASCII_LINE.test(value)) {
        const text = this.asciiLine(value);
        if (short) remember(this.shortLines, value, text);
        return text;
      }
    } else if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new NotPlain();
    } else if (value !== null && typeof value !== "boolean") {
      throw new NotPlain(); // undefined in a sequence, bigint, symbol, function
    }
    const cacheKey = Object.is(value, -0) ? NEGATIVE_ZERO : value;
    let text = this.values.get(cacheKey);
    if (text === undefined) {
      text = ownScalar(value) ?? this.oracle.value(value as string | number | boolean | null);
      if (text === undefined) throw new NotPlain();
      remember(this.values, cacheKey, text);
    }
    return text.includes("\n") ? reindent(text, inner) : text;
  }

  /** How the library prints an ASCII_LINE value (see isAsciiLine) as a map value or sequence item. */
  lineForm(value: string): string {
    return this.asciiLine(value);
  }

  /** How the library prints an ASCII_LINE value. */
  private asciiLine(value: string): string {
    if (!NEEDS_QUOTES.test(value) && !this.oracle.readsAsNonString(value)) return value;
    return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
  }
}

/**
 * What the library prints for the scalars a document has besides one-line ASCII strings — numbers, booleans, null,
 * the empty string, and multi-line ASCII text (scripts in workflows) — where its rules are simple; undefined for
 * the rest, which the library is asked about. Each answer is what the library's own printer does (stringifyNumber:
 * JSON's spelling; blockString with lineWidth 0: a literal block, `|-` without a final line break and `|` with one,
 * continuation lines indented, blank lines empty); test/fast-yaml.test.ts compares both on arbitrary data. A scaffold
 * then never runs the library's printer, whose first use costs more than all its answers.
 */
function ownScalar(value: unknown): string | undefined {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number")
    return Number.isFinite(value) && !Object.is(value, -0) ? JSON.stringify(value) : undefined;
  if (value === "") return '""';
  if (typeof value !== "string" || !BLOCK_TEXT.test(value)) return undefined;
  const chomp = value.endsWith("\n") ? "" : "-";
  const body = chomp === "" ? value.slice(0, -1) : value;
  return `|${chomp}\n${BASE_INDENT}${body.replace(/\n+/g, `$&${BASE_INDENT}`)}`;
}

/**
 * Multi-line printable ASCII (no tab) that starts with a visible character and ends with one, or with one line break
 * after one: the library prints it as a literal block without an indentation indicator or a kept ending.
 */
const BLOCK_TEXT = /^[\x21-\x7e](?=[\s\S]*\n[\s\S]*[\x21-\x7e]\n?$)[\x20-\x7e\n]*$/;

/** Bounded, so a long-lived process rendering many distinct values does not grow without end. */
export function remember<K>(cache: Map<K, string>, key: K, text: string): void {
  if (cache.size >= 50_000) cache.clear();
  cache.set(key, text);
}

/** Moves continuation lines printed at BASE_INDENT to `inner`; blank lines stay empty, as the library prints them. */
function reindent(text: string, inner: string): string {
  if (inner === BASE_INDENT) return text;
  const lines = text.split("\n");
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (line === "") continue;
    if (!line.startsWith(BASE_INDENT)) throw new NotPlain();
    lines[index] = inner + line.slice(BASE_INDENT.length);
  }
  return lines.join("\n");
}
