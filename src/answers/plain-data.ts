/**
 * Answers are plain data, whichever way they came (answers file, `--set` JSON, the library's `answers` object), and
 * are checked as such before the schema or any merge sees them:
 * - no key named `__proto__`, `constructor` or `prototype` anywhere: such keys change an object's prototype (or the
 *   host's, through a deep merge) instead of holding a value;
 * - at most MAX_DEPTH levels of nesting, and no structure that contains itself (a self-referencing YAML alias);
 * - at most MAX_EXPANDED bytes once aliases are expanded: an answers file of 1 MiB must not become 100 MiB;
 * - numbers JSON can hold exactly: no integer beyond 2^53 − 1 (it would be rounded on the way), no infinity or NaN.
 */
import { UsageError } from "../errors.js";

export const MAX_DEPTH = 64;
export const MAX_EXPANDED = 4 * 1024 * 1024;
export const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** The reason a key may not be used, or undefined. */
export function forbiddenKeyProblem(key: string): string | undefined {
  return FORBIDDEN_KEYS.has(key)
    ? `'${key}' is not allowed as a key (it would change an object's prototype, not hold a value)`
    : undefined;
}

/** Throws a UsageError labelled `label` (and the path to the problem) when `value` is not plain data. */
export function checkPlainData(value: unknown, label: string): void {
  const budget = { bytes: 0 };
  const problem = visit(value, [], new Set(), budget);
  if (problem) {
    const where = problem.path.length > 0 ? ` ${shownPath(problem.path)}` : "";
    throw new UsageError(`${label}:${where}: ${problem.message}`);
  }
}

interface Problem {
  path: (string | number)[];
  message: string;
}

function visit(
  value: unknown,
  path: (string | number)[],
  ancestors: Set<object>,
  budget: { bytes: number },
): Problem | undefined {
  if (typeof value === "string") {
    budget.bytes += value.length;
  } else if (typeof value === "number") {
    budget.bytes += 8;
    if (!Number.isFinite(value))
      return { path, message: "is not a number JSON can hold (infinity or NaN); quote it if it is text" };
    if (Number.isInteger(value) && !Number.isSafeInteger(value))
      return {
        path,
        message: `is a whole number beyond ${Number.MAX_SAFE_INTEGER}, which would be rounded; quote it if it is text`,
      };
  } else if (value !== null && typeof value === "object") {
    budget.bytes += 8;
    if (ancestors.has(value)) return { path, message: "refers to itself (a YAML alias inside its own anchor)" };
    if (path.length >= MAX_DEPTH)
      return { path: path.slice(0, 6), message: `is nested more than ${MAX_DEPTH} levels deep` };
    ancestors.add(value);
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]);
    for (const [key, child] of entries) {
      if (typeof key === "string") {
        budget.bytes += key.length;
        const forbidden = forbiddenKeyProblem(key);
        if (forbidden) return { path: [...path, key], message: forbidden };
      }
      const problem = visit(child, [...path, key], ancestors, budget);
      if (problem) return problem;
    }
    ancestors.delete(value);
  }
  if (budget.bytes > MAX_EXPANDED)
    return {
      path: [],
      message: `expands to more than ${MAX_EXPANDED / 1024 / 1024} MiB (aliases repeat what they refer to); write the answers out without so many aliases`,
    };
  return undefined;
}

function shownPath(path: (string | number)[]): string {
  const text = path
    .map((key) => (typeof key === "number" ? `[${key}]` : `.${key.length > 40 ? `${key.slice(0, 40)}…` : key}`))
    .join("");
  return JSON.stringify(text.replace(/^\./, "")).slice(1, -1);
}
