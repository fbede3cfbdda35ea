/**
 * What templates use to emit answers. Values go through the `yaml` library, so no answer — however much it looks
 * like YAML, JSON or EJS — can change a document's structure.
 */
import { Document, isScalar, type ScalarTag, visit } from "yaml";
import { FastYaml, fastYaml, inlineWord, NEGATIVE_ZERO, remember } from "./fast-yaml.js";

// YAML 1.1 output: Helm, kustomize and Flux read YAML with go-yaml's 1.1 rules, where an unquoted Off, yes, on, y or n
// is a boolean. Emitting as 1.1 quotes such strings, so a value like `updateMode: "Off"` stays a string for them too.
const OPTIONS = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false, version: "1.1" } as const;

/**
 * Integers as Go reads them: Helm, kustomize and Flux decode plain scalars with strconv's base prefixes, in either
 * case and with underscores (0o17, 0X1F, 0B101 → 15, 31, 5), which YAML 1.1's own int spellings do not cover. A
 * default tag that recognises them makes the printer quote such strings like any other number-shaped one; it is only
 * ever used for printing, never to read answers.
 */
const GO_INTEGER: ScalarTag = {
  tag: "tag:yaml.org,2002:int",
  default: true,
  test: /^[-+]?0(?:[xX]_?[0-9a-fA-F][0-9a-fA-F_]*|[oO]_?[0-7][0-7_]*|[bB]_?[01][01_]*)$/,
  resolve: (text: string) => text,
  identify: () => false,
};
const SCHEMA_OPTIONS: { version: "1.1"; customTags: ScalarTag[] } = { version: "1.1", customTags: [GO_INTEGER] };

/** A whole YAML document (or the body of one) for a JS value. */
export function toYaml(value: unknown): string {
  if (value === undefined) return "";
  // MCP_GITOPS_YAML=library: the library alone, to compare output or timings with the fast path. A switch for the
  // whole process (benchmarks), so process.env rather than a run's environment.
  if (process.env.MCP_GITOPS_YAML === "library") return libraryToYaml(value);
  return fastYaml(value, FAST) ?? libraryToYaml(value);
}

/** `toYaml` by the fast path alone: undefined where it does not vouch for the value (see stamps.ts). */
export function fastToYaml(value: unknown): string | undefined {
  return process.env.MCP_GITOPS_YAML === "library" ? undefined : fastYaml(value, FAST);
}

/** How toYaml prints a one-line ASCII string value (isAsciiLine) in a map or sequence. */
export function asciiLineForm(value: string): string {
  return FAST.lineForm(value);
}

/**
 * Plain data is written by fast-yaml.ts, which asks the library how to print each distinct scalar, so its documents
 * are the library's byte for byte (test/fast-yaml.test.ts compares the two).
 */
const FAST = new FastYaml({
  value(value) {
    const text = libraryToYaml({ a: value });
    return text.startsWith("a: ") && text.endsWith("\n") ? text.slice(3, -1) : undefined;
  },
  key: (key) => libraryToYaml({ [key]: 1 }).replace(/\n$/, ""),
  readsAsNonString,
});

/** The tests the library's plain-string printer applies: the schema's default tags other than str. */
const NON_STRING_TESTS = new Document(null, SCHEMA_OPTIONS).schema.tags
  .filter((tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test)
  .map((tag) => tag.test!);

/**
 * The same tests as one expression: a fleet asks this for every string it prints, and one alternation rejects a
 * string in one call where fifteen expressions took fifteen. Only when every test is flag-free (they are, in the
 * library's schemas), so the alternation means exactly "some test matches".
 */
const NON_STRING = NON_STRING_TESTS.every((test) => test.flags === "")
  ? new RegExp(NON_STRING_TESTS.map((test) => `(?:${test.source})`).join("|"))
  : undefined;

export function readsAsNonString(text: string): boolean {
  return NON_STRING ? NON_STRING.test(text) : NON_STRING_TESTS.some((test) => test.test(text));
}

/** `toYaml` by the library alone: the fallback for values fast-yaml.ts does not vouch for, and the reference. */
export function libraryToYaml(value: unknown): string {
  if (value === undefined) return "";
  const doc = new Document(value, { aliasDuplicateObjects: false, ...SCHEMA_OPTIONS });
  return escapeLegacyBreaks(doc, () => doc.toString(OPTIONS));
}

/** NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR: text to YAML 1.2 (and this library), line breaks to go-yaml. */
const LEGACY_BREAK = /[\u0085\u2028\u2029]/;

/**
 * Helm, kustomize, Flux and Argo CD read YAML with go-yaml, which folds U+0085, U+2028 and U+2029 like line breaks
 * even inside quotes, so such a string would come back changed. Scalars holding one are double-quoted and the
 * characters written as escapes, which every YAML reader turns back into the same character.
 */
function escapeLegacyBreaks(doc: Document, print: () => string): string {
  // Print first: walking every node costs about a sixth of a fleet's rendering, and almost no document needs it. A
  // scalar holding one of these characters prints it raw unless it is already double-quoted with escapes, and then
  // quoting it double again changes nothing, so a first print without any is the final text.
  const first = print();
  if (!LEGACY_BREAK.test(first)) return first;
  let found = false;
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && LEGACY_BREAK.test(node.value)) {
        node.type = "QUOTE_DOUBLE";
        found = true;
      }
    },
  });
  const text = print();
  // Only double-quoted scalars hold them now, and `\uXXXX` means the character there.
  return found
    ? text.replace(/[\u0085\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)
    : text;
}

/** A nested block, indented to sit under a key at `indent` spaces. */
export function toYamlBlock(value: unknown, indent: number): string {
  const pad = " ".repeat(indent);
  return toYaml(value)
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => (line ? pad + line : line))
    .join("\n");
}

/**
 * A value on one line: a scalar (quoted when needed) or a flow collection. Strings with line breaks are
 * double-quoted with escapes rather than emitted as block scalars, so the result never spans lines.
 */
export function toYamlInline(value: unknown): string {
  // Names, namespaces and versions are the usual case: one word, plain unless it reads as something else than a
  // string (then double-quoted); the library is asked about anything else once.
  if (typeof value === "string" && inlineWord(value)) return readsAsNonString(value) ? JSON.stringify(value) : value;
  // Templates print the same names and namespaces over and over; a scalar's text depends on nothing else.
  if (value === null || (typeof value !== "object" && typeof value !== "function")) {
    const cacheKey = Object.is(value, -0) ? NEGATIVE_ZERO : value;
    let text = INLINE_SCALARS.get(cacheKey);
    if (text === undefined) {
      text = libraryToYamlInline(value);
      remember(INLINE_SCALARS, cacheKey, text);
    }
    return text;
  }
  return libraryToYamlInline(value);
}

const INLINE_SCALARS = new Map<unknown, string>();

/** `toYamlInline` by the library alone: the reference for its fast path. */
export function libraryToYamlInline(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false, ...SCHEMA_OPTIONS });
  doc.contents = forceInline(doc.contents);
  return escapeLegacyBreaks(doc, () => doc.toString({ ...OPTIONS, collectionStyle: "flow" })).replace(/\n$/, "");
}

function forceInline<T>(node: T): T {
  if (isScalar(node) && typeof node.value === "string" && /[\n\r]/.test(node.value)) node.type = "QUOTE_DOUBLE";
  const items = (node as { items?: unknown[] })?.items;
  if (Array.isArray(items)) {
    for (const item of items) {
      const pair = item as { key?: unknown; value?: unknown };
      if (pair && typeof pair === "object" && "value" in pair && "key" in pair) {
        forceInline(pair.key);
        forceInline(pair.value);
      } else {
        forceInline(item);
      }
    }
  }
  return node;
}

/** `<%= %>` in Markdown: keep answers from opening HTML or breaking a table. */
export function escapeMarkdown(value: unknown): string {
  return String(value)
    .replace(/[\\`*_{}[\]<>|]/g, (char) => `\\${char}`)
    .replace(/\r?\n/g, " ");
}
