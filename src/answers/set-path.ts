/**
 * `--set dotted.path=value`, like `helm --set`, checked against the answers schema: a path that names no answer is
 * an error instead of a value silently ignored. Lists of named things are addressed by name
 * (`environments.prod.replicas`, `servers.weather.port`); `\.` escapes a dot inside a key.
 */
import type * as z from "./zod.js";
import { UsageError } from "../errors.js";
import { shown } from "./rules.js";
import { isCredentialLike } from "./secret-values.js";
import { checkPlainData, forbiddenKeyProblem, MAX_DEPTH } from "./plain-data.js";

export type Shape =
  | { kind: "object"; fields: Record<string, z.ZodType> }
  | { kind: "named-list"; item: z.ZodType }
  | { kind: "open" }
  | { kind: "leaf" };

export interface SetAssignment {
  /** The original `path=value` text, for messages. */
  raw: string;
  path: string[];
  value: unknown;
}

export function parseSetFlag(raw: string): SetAssignment {
  const equals = raw.indexOf("=");
  if (equals <= 0)
    throw new UsageError(`${setFlagLabel(raw)}: expected path=value, e.g. --set environments.prod.replicas=3`);
  const path = splitPath(raw.slice(0, equals));
  if (path.some((segment) => segment === ""))
    throw new UsageError(`${setFlagLabel(raw)}: the path has an empty segment`);
  if (path.length > MAX_DEPTH)
    throw new UsageError(`${setFlagLabel(raw)}: the path has more than ${MAX_DEPTH} segments`);
  for (const segment of path) {
    const problem = forbiddenKeyProblem(segment);
    if (problem) throw new UsageError(`${setFlagLabel(raw)}: ${problem}`);
  }
  const value = parseSetValue(raw.slice(equals + 1));
  if (value !== null && typeof value === "object") checkPlainData(value, setFlagLabel(raw));
  return { raw, path, value };
}

/**
 * How a `--set path=value` flag is named in messages: the path in full, the value through shown() — or `<redacted>`
 * when it looks like a credential, so an error about a pasted token does not print the token into CI logs.
 */
export function setFlagLabel(raw: string): string {
  const equals = raw.indexOf("=");
  if (equals < 0) return `--set ${shown(raw)}`;
  const [path, value] = [raw.slice(0, equals), raw.slice(equals + 1)];
  const key = splitPath(path).at(-1) ?? "";
  const parsed = parseSetValue(value);
  const secret = typeof parsed === "string" ? isCredentialLike(key, value) : holdsCredential(parsed);
  return `--set ${shown(path, 200)}=${secret ? "<redacted>" : shown(value)}`;
}

/** A list or mapping given as JSON with a credential somewhere inside (`args=["--token","ghp_…"]`). */
function holdsCredential(value: unknown, key = ""): boolean {
  if (typeof value === "string") return isCredentialLike(key, value);
  if (Array.isArray(value))
    return value.some(
      (item, index) =>
        holdsCredential(item) ||
        (index > 0 && isCredentialLike(String(value[index - 1]).replace(/^-+/, ""), String(item))),
    );
  if (value && typeof value === "object")
    return Object.entries(value).some(([name, child]) => holdsCredential(child, name));
  return false;
}

export function splitPath(path: string): string[] {
  return path.split(/(?<!\\)\./).map((segment) => segment.replace(/\\\./g, "."));
}

/**
 * Numbers, booleans and null are typed as Helm's --set does; `[...]`/`{...}` that are valid JSON become lists and
 * mappings; everything else is a string, verbatim.
 */
export function parseSetValue(text: string): unknown {
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null") return null;
  if (/^-?(0|[1-9]\d{0,14})$/.test(text)) return Number(text);
  if (/^-?(0|[1-9]\d{0,14})\.\d{1,15}$/.test(text)) return Number(text);
  if (/^[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Applies one assignment to the raw answers in place. Returns the dotted answer path it set, for provenance. */
export function applySet(raw: Record<string, unknown>, assignment: SetAssignment, schema: z.ZodType): string {
  let node: Record<string, unknown> = raw;
  let shape = shapeOf(schema);
  const resolved: string[] = [];
  const { path } = assignment;
  for (let index = 0; index < path.length; index++) {
    const key = path[index]!;
    const last = index === path.length - 1;
    if (shape.kind === "leaf") throw pathError(assignment, `'${resolved.join(".")}' has no fields`);
    if (shape.kind === "open") {
      if (last) node[key] = assignment.value;
      else node = childObject(node, key);
      resolved.push(key);
      continue;
    }
    if (shape.kind === "named-list") {
      const list = Array.isArray(node) ? (node as Record<string, unknown>[]) : [];
      const position = list.findIndex((item) => item && typeof item === "object" && item.name === key);
      if (position < 0) {
        const names = list.map((item) => String(item?.name)).join(", ") || "none";
        throw pathError(assignment, `there is no '${shown(key)}' in ${resolved.join(".")} (known: ${names})`);
      }
      if (last)
        throw pathError(
          assignment,
          `name a field of ${resolved.join(".")}.${key}, e.g. ${resolved.join(".")}.${key}.<field>=value`,
        );
      node = list[position]!;
      resolved.push(String(position));
      shape = shapeOf(unwrap(shape.item));
      continue;
    }
    // Own fields only: `toString` or `hasOwnProperty` are not answers, whatever Object.prototype says.
    const field = Object.hasOwn(shape.fields, key) ? shape.fields[key] : undefined;
    if (!field) {
      throw pathError(assignment, `unknown field '${shown(key)}' (allowed: ${Object.keys(shape.fields).join(", ")})`);
    }
    resolved.push(key);
    const fieldShape = shapeOf(field);
    if (last) {
      node[key] = assignment.value;
    } else if (fieldShape.kind === "named-list") {
      if (!Array.isArray(node[key])) throw pathError(assignment, `${resolved.join(".")} is empty`);
      node = node[key] as unknown as Record<string, unknown>;
    } else {
      node = childObject(node, key);
    }
    shape = fieldShape;
  }
  return resolved.join(".");
}

function childObject(node: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = node[key];
  if (existing && typeof existing === "object" && !Array.isArray(existing)) return existing as Record<string, unknown>;
  const created: Record<string, unknown> = {};
  node[key] = created;
  return created;
}

function pathError(assignment: SetAssignment, reason: string): UsageError {
  return new UsageError(`${setFlagLabel(assignment.raw)}: ${reason}`);
}

export interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

export function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (
      (def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "prefault") &&
      def.innerType
    ) {
      current = def.innerType;
    } else if (def.type === "pipe" && def.in) {
      current = def.in;
    } else {
      return current;
    }
  }
}

export function shapeOf(schema: z.ZodType): Shape {
  const def = defOf(unwrap(schema));
  if (def.type === "object" && def.shape) return { kind: "object", fields: def.shape };
  if (def.type === "array" && def.element) {
    const item = defOf(unwrap(def.element));
    if (item.type === "object" && item.shape && "name" in item.shape) return { kind: "named-list", item: def.element };
    return { kind: "leaf" };
  }
  if (def.type === "record" || def.type === "unknown" || def.type === "any") return { kind: "open" };
  return { kind: "leaf" };
}

/** The field names the schema allows at an answer path (`servers.0`), for "unknown key" messages. */
export function allowedFields(schema: z.ZodType, path: PropertyKey[]): string[] {
  let current = unwrap(schema);
  for (const key of path) {
    const def = defOf(current);
    if (def.type === "array" && def.element) current = unwrap(def.element);
    else if (def.type === "object" && def.shape && typeof key === "string" && def.shape[key])
      current = unwrap(def.shape[key]);
    else return [];
  }
  const def = defOf(current);
  return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
}
