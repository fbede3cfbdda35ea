/**
 * Answers the chosen engine does not use (its descriptor's `ignores`, e.g. an environment's `cluster` where each
 * cluster runs its own engine): a value other than the default would be silently dropped, so it is refused with the
 * engine's own reason, naming the flag or field that gave it. The default itself is accepted: records carry it.
 */
import { UsageError } from "../errors.js";
import type { CollectedAnswers } from "./collect.js";
import { EnvironmentSchema, ServerSchema } from "./schema.js";
import { fieldLabel } from "./validate.js";
import type * as z from "./zod.js";

const LISTS: Record<string, { shape: Record<string, z.ZodType> }> = {
  environments: EnvironmentSchema,
  servers: ServerSchema,
};

export function refuseIgnoredAnswers(collected: CollectedAnswers, ignores: Record<string, string>): void {
  const problems: string[] = [];
  for (const [path, why] of Object.entries(ignores)) {
    const [list, field] = path.split(".");
    const schema = list === undefined ? undefined : LISTS[list];
    if (!schema || !field) {
      if (collected.raw[path] !== undefined) problems.push(`${fieldLabel([path], collected)}: ${why}`);
      continue;
    }
    const rule = schema.shape[field];
    const fallback = rule?.safeParse(undefined);
    const items = Array.isArray(collected.raw[list!]) ? (collected.raw[list!] as Record<string, unknown>[]) : [];
    items.forEach((item, index) => {
      const value = item?.[field];
      // An invalid value is the schema's to report, with its own rule.
      if (value === undefined || (fallback?.success && fallback.data === value) || !rule?.safeParse(value).success)
        return;
      problems.push(`${fieldLabel([list!, index, field], collected)}: ${why}`);
    });
  }
  if (problems.length === 1) throw new UsageError(problems[0]!);
  if (problems.length > 1) throw new UsageError(`invalid answers:\n  ${problems.join("\n  ")}`);
}
