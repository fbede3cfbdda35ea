/**
 * Answers in the schema's field order, whatever order they were given in. A field given (a question answered, a
 * line in an answers file) and a field filled in by a default would otherwise sit in different places, and
 * `.mcp-gitops.yaml` would differ between an interactive run and `--yes` for the same answers. Keys the schema does
 * not name (a resolved field, a user's mapping such as Helm values or env) keep their order, after the named ones.
 */
import { AnswersSchema } from "./schema.js";
import type * as z from "./zod.js";

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Through defaults, optionals and pipes to the object or array underneath. */
function unwrap(schema: z.ZodType | undefined): Def | undefined {
  let def = schema ? defOf(schema) : undefined;
  for (let depth = 0; def && depth < 10; depth++) {
    const inner = def.innerType ?? def.in;
    if (!inner || def.type === "object" || def.type === "array") break;
    def = defOf(inner);
  }
  return def;
}

export function inSchemaOrder<T>(value: T, schema: z.ZodType = AnswersSchema): T {
  const def = unwrap(schema);
  if (Array.isArray(value))
    return (def?.type === "array" ? value.map((item) => inSchemaOrder(item, def.element!)) : value) as T;
  if (!value || typeof value !== "object" || def?.type !== "object" || !def.shape) return value;
  const record = value as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(def.shape))
    if (key in record) ordered[key] = inSchemaOrder(record[key], field);
  for (const key of Object.keys(record)) if (!(key in ordered)) ordered[key] = record[key];
  return ordered as T;
}
