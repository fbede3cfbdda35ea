/**
 * `--unset dotted.path`: the opposite of `--set`, on the same paths. `servers.<name>` and `environments.<name>`
 * remove that server or environment; any other optional answer goes back to its default; a key of free-form values
 * (Helm values, env variables) is removed. Required answers, and the last server or environment, cannot be unset.
 */
import type * as z from "./zod.js";
import { UsageError } from "../errors.js";
import { shown } from "./rules.js";
import { defOf, shapeOf, splitPath, unwrap } from "./set-path.js";

/**
 * Removes the answer at `text` from the raw answers in place; returns the dotted path. Messages name `label` (what the
 * user typed, e.g. `remove server weather`), else `--unset <path>`.
 */
export function applyUnset(raw: Record<string, unknown>, text: string, schema: z.ZodType, label?: string): string {
  const fail = (reason: string) => new UsageError(`${label ?? `--unset ${shown(text, 200)}`}: ${reason}`);
  const path = splitPath(text);
  if (text === "" || path.some((segment) => segment === "")) throw fail("the path has an empty segment");
  let node: unknown = raw;
  let shape = shapeOf(schema);
  const walked: string[] = [];
  for (const [index, key] of path.entries()) {
    const last = index === path.length - 1;
    const here = walked.join(".");
    if (shape.kind === "leaf") throw fail(`'${here}' has no fields`);
    if (shape.kind === "named-list") {
      const list = Array.isArray(node) ? (node as Record<string, unknown>[]) : [];
      const position = list.findIndex((item) => item?.name === key);
      if (position < 0) {
        const names = list.map((item) => String(item?.name)).join(", ") || "none";
        throw fail(`there is no '${shown(key)}' in ${here} (known: ${names})`);
      }
      if (last) {
        if (list.length === 1) throw fail(`'${shown(key)}' is the only entry of ${here}; at least one is needed`);
        list.splice(position, 1);
        return `${here}.${key}`;
      }
      node = list[position];
      shape = shapeOf(unwrap(shape.item));
    } else {
      const mapping = node && typeof node === "object" && !Array.isArray(node) ? (node as Record<string, unknown>) : {};
      if (shape.kind === "object") {
        const field = shape.fields[key];
        if (!field) throw fail(`unknown field '${shown(key)}' (allowed: ${Object.keys(shape.fields).join(", ")})`);
        if (last && !optional(field)) throw fail(`${[...walked, key].join(".")} is required and cannot be unset`);
        shape = shapeOf(field);
      } else if (!(key in mapping)) {
        throw fail(`there is no '${shown(key)}' in ${here}`);
      }
      if (last) {
        delete mapping[key];
        return [...walked, key].join(".");
      }
      node = mapping[key];
    }
    walked.push(key);
  }
  return walked.join(".");
}

/** Whether the schema accepts the field being absent (optional, or with a default to fall back to). */
function optional(field: z.ZodType): boolean {
  const type = defOf(field).type;
  return type === "optional" || type === "default" || type === "prefault";
}
