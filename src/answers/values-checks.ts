/**
 * Checks of the free-form Helm `values` overrides of servers and environments. The schema cannot describe values
 * (they belong to the chart), so these walk them: no control characters, no credentials (secret-values.ts), and no
 * weakened security default unless `securityOverrides` allows it (security.ts).
 */
import type * as z from "./zod.js";
import { CONTROL_CHARACTER } from "./rules.js";
import { secretValueProblems } from "./secret-values.js";
import { weakeningProblems, type ValuesProblem } from "./security.js";

/** Adds an issue for every problem in one `values` override (from a schema superRefine). */
export function reportValuesProblems(
  values: unknown,
  overrides: readonly string[] | undefined,
  owner: string,
  ctx: z.RefinementCtx,
): void {
  const problems = [
    ...controlCharacterProblems(values, ["values"]),
    ...secretValueProblems(values, ["values"]),
    ...weakeningProblems(values, overrides, ["values"], owner),
  ];
  for (const { path, message } of problems) ctx.addIssue({ code: "custom", path, message });
}

/** Strings (and keys) with control characters: the same rule as every free-text answer. */
function controlCharacterProblems(value: unknown, path: (string | number)[]): ValuesProblem[] {
  if (typeof value === "string")
    return CONTROL_CHARACTER.test(value) ? [{ path, message: "must not contain control characters" }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => controlCharacterProblems(item, [...path, index]));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, child]) =>
    CONTROL_CHARACTER.test(key)
      ? [{ path: [...path, key], message: "must not contain control characters in its name" }]
      : controlCharacterProblems(child, [...path, key]),
  );
}
