/**
 * Stamped documents: one document of data shared by many files that differ only in a few names (on a fleet, every
 * server's alert rules and alert tests in one environment), built once with tokens standing for the names, printed
 * once, and copied per file with that file's names put in. The text is byte for byte what printing each file's own
 * document gives, because the substitution is confined to where it cannot change how anything is printed:
 *   - a token may stand only inside string values that print by fast-yaml's one-line ASCII rule (never in a key, a
 *     multi-line or non-ASCII string), and a name is a lower-case word like the tokens themselves (NAME);
 *   - such a name has no character that makes the library quote a value (`: `, ` #`, a trailing space or colon) or
 *     changes how it is quoted (quotes, backslashes), and starts with a letter as the rule's first character must;
 *   - whether the value reads as a number, boolean, null or date (then the library quotes it) could depend on the
 *     name, unless the value holds a character no such scalar has (BREAKER): values without one are checked again
 *     for each file's names, and the file falls back when their printing would change;
 *   - lengths stay within the rule's limit.
 * Anything else — a token where it may not stand, a name of another form, the library path — falls back to putting
 * the names into the data and printing that in full, as an unstamped document is.
 */
import { isAsciiLine, needsQuotes } from "./fast-yaml.js";
import { asciiLineForm, fastToYaml, toYaml } from "./yaml-helpers.js";

/** What tokens and the names they stand for look like (a DNS label that starts with a letter). */
const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const LONGEST_NAME = 63;
/** fast-yaml's one-line ASCII rule covers values of at most this length (ASCII_LINE). */
const LONGEST_LINE = 1024;
/**
 * Characters that no scalar the library reads as a number, boolean, null, date or merge key contains (YAML 1.1 and
 * Go integer spellings: digits, signs, dots, underscores, colons, `~`, `<`, spaces, and letters). A value holding one
 * outside its tokens reads as a string whatever names fill them.
 */
const BREAKER = /[{}"=,/()[\]$%!?*&@|;^`\\]/;

/** A text split at its tokens: text[0] tokens[0] text[1] …, so names go in by concatenation. */
interface Parts {
  text: string[];
  tokens: string[];
}

interface Stamp {
  /** The tokens it was made for, joined. */
  tokens: string;
  /** The printed document split at the tokens: segments[0] slots[0] segments[1] … */
  segments: string[];
  slots: string[];
  /** The segments' UTF-8, and their total length. */
  encoded: Buffer[];
  size: number;
  /** Values whose printing could depend on the names, with their printed form with the tokens in. */
  checked: { value: Parts; form: Parts }[];
  longest: number;
  mostTokens: number;
}

const STAMPS = new WeakMap<object, Stamp | null>();

/**
 * A token for `name` in documents shared between files (see DocumentTools.token). Random per render, so no answer
 * can hold it by chance or on purpose.
 */
export function newToken(name: string): string {
  if (!/^[a-z]{1,20}$/.test(name))
    throw new Error(`a token's name is 1–20 lower-case letters, not ${JSON.stringify(name)}`);
  return `t${Math.random().toString(36).slice(2, 12).padEnd(10, "0")}-${name}`;
}

/** toYaml(document) with every token of `fill` replaced by its name, in strings and keys alike. */
export function stampedYaml(document: unknown, fill: Readonly<Record<string, string>>): string {
  const file = stampedFile("", document, fill);
  return file.encoded ? Buffer.from(file.encoded).toString("utf8") : file.text;
}

/**
 * A file of whole comment lines and the document with the names put in: its UTF-8 bytes when it came from the
 * stamp (copied from the stamp's bytes: no text is built, which for a fleet's thousands of files cost more than the
 * printing, most of it in collecting the pieces), else its text and whether the document printed as nothing.
 */
export function stampedFile(
  comments: string,
  document: unknown,
  fill: Readonly<Record<string, string>>,
):
  | { encoded: Uint8Array; text?: undefined; empty?: undefined }
  | { encoded?: undefined; text: string; empty: boolean } {
  const tokens = Object.keys(fill);
  const stamp =
    tokens.length > 0 && document !== null && typeof document === "object" ? fits(document, tokens, fill) : undefined;
  if (!stamp) {
    const text = tokens.length === 0 ? toYaml(document) : toYaml(substitute(document, fill, tokenPattern(tokens)));
    return { text: comments + text, empty: text === "" };
  }
  const head = Buffer.from(comments, "utf8");
  let size = head.length + stamp.size;
  for (const slot of stamp.slots) size += fill[slot]!.length; // NAME: ASCII, one byte per character
  const encoded = allocate(size);
  // Uint8Array's set() is one native copy; Buffer's copy() checks its arguments in JavaScript first.
  encoded.set(head, 0);
  let at = head.length;
  encoded.set(stamp.encoded[0]!, at);
  at += stamp.encoded[0]!.length;
  for (let index = 0; index < stamp.slots.length; index++) {
    at += encoded.write(fill[stamp.slots[index]!]!, at, "latin1");
    encoded.set(stamp.encoded[index + 1]!, at);
    at += stamp.encoded[index + 1]!.length;
  }
  return { encoded };
}

/**
 * Files' bytes cut from shared slabs: one ArrayBuffer per few hundred kilobytes rather than one per file, which for
 * a fleet's thousands of files made the collector run more often (each buffer is external memory it accounts for).
 */
const SLAB = 1 << 20;
let slab: Buffer | undefined;
let used = 0;

function allocate(size: number): Buffer {
  if (size > SLAB / 8) return Buffer.allocUnsafeSlow(size);
  if (!slab || used + size > SLAB) {
    slab = Buffer.allocUnsafeSlow(SLAB);
    used = 0;
  }
  const piece = slab.subarray(used, used + size);
  used += size;
  return piece;
}

/** Whether stampedYaml prints this document by its stamp (not by the fallback) for names that fit: for tests. */
export function stampable(document: object, tokens: string[]): boolean {
  return compile(document, tokens) !== null;
}

/** The document's stamp, when it has one for these tokens and these names fit it. */
function fits(document: object, tokens: string[], fill: Readonly<Record<string, string>>): Stamp | undefined {
  let stamp = STAMPS.get(document);
  if (stamp === undefined) {
    stamp = compile(document, tokens);
    STAMPS.set(document, stamp);
  }
  if (stamp === null || stamp.tokens !== tokens.join(" ")) return undefined;
  let longestName = 0;
  for (const token of tokens) {
    const name = fill[token]!;
    if (!NAME.test(name)) return undefined;
    longestName = Math.max(longestName, name.length);
  }
  if (stamp.longest + stamp.mostTokens * Math.max(0, longestName - shortest(tokens)) > LONGEST_LINE) return undefined;
  for (const { value, form } of stamp.checked)
    if (asciiLineForm(named(value, fill)) !== named(form, fill)) return undefined;
  return stamp;
}

/** The stamp of a document with these tokens, or null when it cannot be stamped (see the module's comment). */
function compile(document: object, tokens: string[]): Stamp | null {
  if (!tokens.every((token) => NAME.test(token))) return null;
  const pattern = tokenPattern(tokens);
  const checked = new Map<string, string>();
  let occurrences = 0;
  let longest = 0;
  let mostTokens = 0;
  let stampable = true;
  const visit = (value: unknown, depth: number): void => {
    if (!stampable) return;
    if (depth > 200) stampable = false;
    else if (typeof value === "string") {
      const found = value.match(pattern)?.length ?? 0;
      if (found === 0) return;
      if (!isAsciiLine(value) || value.length > LONGEST_LINE) {
        stampable = false;
        return;
      }
      occurrences += found;
      longest = Math.max(longest, value.length);
      mostTokens = Math.max(mostTokens, found);
      if (!needsQuotes(value) && !BREAKER.test(value.replace(pattern, ""))) checked.set(value, asciiLineForm(value));
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
    } else if (value !== null && typeof value === "object") {
      for (const key of Object.keys(value)) {
        pattern.lastIndex = 0;
        if (pattern.test(key)) stampable = false;
        visit((value as Record<string, unknown>)[key], depth + 1);
      }
    }
  };
  visit(document, 0);
  if (!stampable) return null;
  const text = fastToYaml(document);
  if (text === undefined) return null;
  const { text: segments, tokens: slots } = split(text, pattern);
  // Every token printed is one of a value's, and none went missing: else the text is not what it seems.
  if (slots.length !== occurrences) return null;
  const encoded = segments.map((segment) => Buffer.from(segment, "utf8"));
  return {
    tokens: tokens.join(" "),
    segments,
    encoded,
    size: encoded.reduce((sum, bytes) => sum + bytes.length, 0),
    slots,
    checked: [...checked].map(([value, form]) => ({ value: split(value, pattern), form: split(form, pattern) })),
    longest,
    mostTokens,
  };
}

function named(parts: Parts, fill: Readonly<Record<string, string>>): string {
  let text = parts.text[0]!;
  for (let index = 0; index < parts.tokens.length; index++)
    text += fill[parts.tokens[index]!]! + parts.text[index + 1]!;
  return text;
}

function split(text: string, pattern: RegExp): Parts {
  const parts: Parts = { text: [], tokens: [] };
  let from = 0;
  for (const match of text.matchAll(pattern)) {
    parts.text.push(text.slice(from, match.index));
    parts.tokens.push(match[0]);
    from = match.index + match[0].length;
  }
  parts.text.push(text.slice(from));
  return parts;
}

function shortest(tokens: string[]): number {
  return Math.min(...tokens.map((token) => token.length), LONGEST_NAME);
}

function tokenPattern(tokens: string[]): RegExp {
  return new RegExp(tokens.map((token) => token.replace(/[^a-z0-9]/g, "\\$&")).join("|"), "g");
}

/** The document with the names put in: the fallback, and what a stamp must print the same as. */
export function substitute(value: unknown, fill: Readonly<Record<string, string>>, pattern: RegExp): unknown {
  if (typeof value === "string") return value.replace(pattern, (token) => fill[token]!);
  if (Array.isArray(value)) return value.map((item) => substitute(item, fill, pattern));
  if (value === null || typeof value !== "object") return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    out[key.replace(pattern, (token) => fill[token]!)] = substitute(item, fill, pattern);
  return out;
}
