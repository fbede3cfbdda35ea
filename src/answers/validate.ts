/**
 * Turns collected answers into validated, resolved answers, or one UsageError whose lines each name the flag or
 * field at fault and what is allowed.
 */
import type * as z from "./zod.js";
import { UsageError } from "../errors.js";
import type { CollectedAnswers } from "./collect.js";
import { resolveAnswers, resolveEnvironment, type ResolvedAnswers } from "./resolve.js";
import { fleetProblems } from "./fleet-rules.js";
import { workloadProblems } from "./workload-rules.js";
import { rolloutProblems } from "./rollout.js";
import { productionProblems } from "./resolve-production.js";
import { AnswersSchema, EnvironmentSchema } from "./schema.js";
import { allowedFields } from "./set-path.js";
import { shown } from "./rules.js";
import { chartServerProblems } from "./server-rules.js";

export function validateAnswers(collected: CollectedAnswers, directoryName: string): ResolvedAnswers {
  const result = AnswersSchema.safeParse(collected.raw);
  if (collected.missing.length > 0) {
    // An unknown key or a wrong type in what was given explains more than the list of what is missing (an answers
    // file with `serverz:` would otherwise only hear that servers are missing).
    const given = result.success
      ? []
      : result.error.issues.filter(
          (issue) => issue.code === "unrecognized_keys" || valueAt(collected.raw, issue.path) !== undefined,
        );
    if (given.length > 0) throw new UsageError(describeIssues(given, collected));
    throw new UsageError(
      `missing required answers: ${collected.missing.join(", ")}. Give them as flags or in --answers <file>, or pass --yes to use the defaults.`,
    );
  }
  const issues = answerIssues(collected.raw, result);
  if (issues.length > 0 || !result.success) throw new UsageError(describeIssues(issues, collected));
  // One parse serves all: parsing a fleet's answers again gave the same data and cost as much as rendering a tenth.
  return resolveAnswers(result.data, directoryName);
}

/**
 * Every problem with raw answers: the schema's, then combinations that only show once an environment's derived
 * defaults are filled in (its profile decides TLS, autoscaling...). The second kind is checked for every environment
 * that is valid on its own, so one run reports both kinds.
 */
export function answerIssues(
  raw: Record<string, unknown>,
  result: ReturnType<typeof AnswersSchema.safeParse> = AnswersSchema.safeParse(raw),
): z.core.$ZodIssue[] {
  const issues = result.success ? [] : [...result.error.issues];
  // Answers given to a server on its own chart are judged as given: defaults would hide them.
  const servers = Array.isArray(raw.servers) ? raw.servers : [];
  for (const [index, server] of servers.entries()) {
    for (const { path, message } of chartServerProblems(server))
      issues.push({ code: "custom", path: ["servers", index, ...path], message, input: undefined });
  }
  if (result.success) {
    const resolved = resolveAnswers(result.data, "answers");
    for (const { path, message } of [
      ...fleetProblems(resolved),
      ...workloadProblems(resolved),
      ...rolloutProblems(resolved),
    ])
      issues.push({ code: "custom", path, message, input: undefined });
  }
  const environments = Array.isArray(raw.environments) ? raw.environments : [];
  for (const [index, candidate] of environments.entries()) {
    const parsed = EnvironmentSchema.safeParse(candidate);
    if (!parsed.success) continue;
    const resolved = resolveEnvironment(parsed.data, "main");
    for (const { path, message } of productionProblems(parsed.data, resolved, resolved.replicas)) {
      issues.push({ code: "custom", path: ["environments", index, ...path], message, input: undefined });
    }
  }
  return issues;
}

export function describeIssues(
  issues: z.core.$ZodIssue[],
  collected: Pick<CollectedAnswers, "provenance" | "fileLabel" | "raw">,
): string {
  // One line per problem: zod can report the same rule twice for one value (too long and not matching).
  const unique = [
    ...new Set(issues.map((issue) => `${fieldLabel(issue.path, collected)}: ${explain(issue, collected.raw)}`)),
  ];
  const lines = unique.slice(0, 10);
  if (unique.length > 10) lines.push(`… and ${unique.length - 10} more`);
  return lines.length === 1 ? lines[0]! : `invalid answers:\n  ${lines.join("\n  ")}`;
}

/** The flag the user typed, if one set this answer (or a parent of it); else the field in the answers. */
export function fieldLabel(
  path: PropertyKey[],
  collected: Pick<CollectedAnswers, "provenance" | "fileLabel" | "raw">,
): string {
  const dotted = path.map(String);
  for (let length = dotted.length; length > 0; length--) {
    const flag = collected.provenance.get(dotted.slice(0, length).join("."));
    if (flag)
      return flag === "--envs" || flag.startsWith("--set") || length === dotted.length
        ? flag
        : `${flag} (${readable(path, collected.raw)})`;
  }
  const field = readable(path, collected.raw) || "answers";
  return collected.fileLabel ? `${collected.fileLabel}: ${field}` : field;
}

/** `servers[weather].port` reads better than `servers.0.port`. */
function readable(path: PropertyKey[], raw: Record<string, unknown>): string {
  let node: unknown = raw;
  let text = "";
  for (const key of path) {
    const item = Array.isArray(node) ? node[Number(key)] : undefined;
    if (typeof key === "number") {
      const name =
        item && typeof item === "object" && typeof (item as { name?: unknown }).name === "string"
          ? (item as { name: string }).name
          : undefined;
      text += name && /^[a-z0-9-]{1,63}$/.test(name) ? `[${name}]` : `[${key}]`;
    } else {
      // Keys of Helm values are the user's text: escaped and cut like any echoed input.
      text += text ? `.${shown(String(key))}` : shown(String(key));
    }
    node = node && typeof node === "object" ? ((node as Record<string, unknown>)[key as string] ?? item) : undefined;
  }
  return text;
}

function explain(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) => `'${printable(key)}'`).join(", ");
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys} (allowed: ${allowedFields(AnswersSchema, issue.path).join(", ")})`;
  }
  // zod reports no `input` unless asked to, so whether the answer is absent is read from the answers themselves.
  // A bad key in a mapping (an env variable named 1BAD): the key's own rule, not the mapping's.
  if (issue.code === "invalid_key") return `is not allowed as a key: ${issue.issues[0]?.message ?? issue.message}`;
  if (issue.code === "invalid_type" && valueAt(raw, issue.path) === undefined) return `is required (${issue.message})`;
  // zod's own wording ("Invalid input: expected string, received number") where a rule has no sentence of its own.
  if (issue.code === "invalid_type" && issue.message.startsWith("Invalid input"))
    return `must be ${article(issue.expected)} (got ${kindOf(valueAt(raw, issue.path))})`;
  return issue.message;
}

/** The raw answer at a schema path, or undefined when nothing is there. */
export function valueAt(raw: Record<string, unknown>, path: PropertyKey[]): unknown {
  let node: unknown = raw;
  for (const key of path)
    node = node && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return node;
}

function article(expected: string): string {
  const names: Record<string, string> = {
    string: "a string",
    number: "a number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping",
    int: "a whole number",
  };
  return names[expected] ?? expected;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "a mapping" : `a ${typeof value}`;
}

function printable(key: string): string {
  return JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key).slice(1, -1);
}
