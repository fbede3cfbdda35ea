/**
 * What templates use to emit answers. Values go through the `yaml` library, so no answer — however much it looks
 * like YAML, JSON or EJS — can change a document's structure.
 */
import { Document, isScalar, stringify } from "yaml";

// YAML 1.1 output: Helm, kustomize and Flux read YAML with go-yaml's 1.1 rules, where an unquoted Off, yes, on, y or n
// is a boolean. Emitting as 1.1 quotes such strings, so a value like `updateMode: "Off"` stays a string for them too.
const OPTIONS = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false, version: "1.1" } as const;

/** A whole YAML document (or the body of one) for a JS value. */
export function toYaml(value: unknown): string {
  if (value === undefined) return "";
  return stringify(value, OPTIONS);
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
  const doc = new Document(value, { aliasDuplicateObjects: false, version: "1.1" });
  doc.contents = forceInline(doc.contents);
  return doc.toString({ ...OPTIONS, collectionStyle: "flow" }).replace(/\n$/, "");
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
  return String(value).replace(/[\\`*_{}[\]<>|]/g, (char) => `\\${char}`).replace(/\r?\n/g, " ");
}
