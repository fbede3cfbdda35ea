/**
 * Recorded answers are resolved: an environment's replicas, autoscaling bounds, namespace and so on are written out
 * even when they were only defaults. Changing one answer (`--set environments.prod.replicas=4`) must move the values
 * derived from it too, so before a change the values that still equal what their inputs derive are taken out again
 * and derived afresh afterwards. A value that differs from its derivation was chosen, and stays.
 */
import { isDeepStrictEqual } from "node:util";
import { neededComponents } from "./infrastructure.js";
import { resolveEnvironment } from "./resolve.js";
import { AnswersSchema, EnvironmentSchema } from "./schema.js";
import { defaultPath } from "./server-rules.js";

/** Derived fields of an environment, those that depend on others first (a field is only dropped when nothing changes). */
const DERIVED: string[][] = [
  ["pdb", "enabled"],
  ["autoscaling", "maxReplicas"],
  ["autoscaling", "minReplicas"],
  ["autoscaling", "enabled"],
  ["tls", "enabled"],
  ["networkPolicy", "enabled"],
  ["exposure", "controllerNamespace"],
  ["exposure", "className"],
  ["exposure", "gateway", "namespace"],
  ["size"],
  ["replicas"],
  ["namespace"],
  ["profile"],
];

/** The environment with every value that equals its derived default removed; unchanged when it does not parse. */
export function unresolveEnvironment(environment: Record<string, unknown>): Record<string, unknown> {
  const resolved = resolvedOf(environment);
  if (!resolved) return environment;
  let current = structuredClone(environment);
  for (const path of DERIVED) {
    const candidate = structuredClone(current);
    if (!removeAt(candidate, path)) continue;
    if (isDeepStrictEqual(resolvedOf(candidate), resolved)) current = candidate;
  }
  return current;
}

/** A server's path follows its transport (/mcp, /sse) unless it was given: a changed transport takes its own. */
export function unresolveServer(server: Record<string, unknown>): Record<string, unknown> {
  if (server.path !== defaultPath(String(server.transport ?? "streamable-http"))) return server;
  const { path: _derived, ...rest } = server;
  return rest;
}

/**
 * The prerequisites recorded as the answers needed them are taken out, so they follow the features after a change
 * (KEDA turned on in an environment gets KEDA installed); a decision that differs from the need, or names what to
 * wait on, was chosen and stays.
 */
export function unresolveInfrastructure(raw: Record<string, unknown>): void {
  const parsed = AnswersSchema.safeParse(raw);
  const infrastructure = raw.infrastructure as Record<string, Record<string, unknown> | undefined> | undefined;
  if (!parsed.success || !infrastructure || typeof infrastructure !== "object") return;
  const environments = parsed.data.environments.map((env) =>
    resolveEnvironment(env, parsed.data.repository.baseBranch),
  );
  const needed = neededComponents(parsed.data, environments);
  for (const [name, component] of Object.entries(infrastructure)) {
    if (component && component.dependsOn === undefined && component.install === needed.has(name as never))
      delete infrastructure[name];
  }
}

/**
 * Environments on the old base branch follow it to the new one: a revision equal to the base branch was the default.
 */
export function unresolveRevisions(raw: Record<string, unknown>): void {
  const base = (raw.repository as { baseBranch?: unknown } | undefined)?.baseBranch ?? "main";
  if (!Array.isArray(raw.environments)) return;
  raw.environments = (raw.environments as Record<string, unknown>[]).map((environment) => {
    if (environment?.revision !== base) return environment;
    const { revision: _default, ...rest } = environment;
    return rest;
  });
}

/** The repository URL follows its owner and name unless it was given. */
export function unresolveRepository(repository: Record<string, unknown>): Record<string, unknown> {
  const { owner, name, url } = repository;
  if (url !== `https://github.com/${String(owner)}/${String(name)}.git`) return repository;
  const { url: _derived, ...rest } = repository;
  return rest;
}

function resolvedOf(environment: Record<string, unknown>): unknown {
  const parsed = EnvironmentSchema.safeParse(environment);
  // The revision is carried through, not derived from the environment's other answers.
  return parsed.success ? resolveEnvironment(parsed.data, "") : undefined;
}

function removeAt(node: Record<string, unknown>, path: string[]): boolean {
  let parent: unknown = node;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string, unknown> | undefined)?.[key];
  const last = path.at(-1)!;
  if (!parent || typeof parent !== "object" || !(last in parent)) return false;
  delete (parent as Record<string, unknown>)[last];
  return true;
}
