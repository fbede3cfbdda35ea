/**
 * Recorded answers are resolved: an environment's replicas, autoscaling bounds, namespace and so on are written out
 * even when they were only defaults. Changing one answer (`--set environments.prod.replicas=4`) must move the values
 * derived from it too, so before a change the values that still equal what their inputs derive are taken out again
 * and derived afresh afterwards. A value that differs from its derivation was chosen, and stays.
 */
import { isDeepStrictEqual } from "node:util";
import { resolveEnvironment } from "./resolve.js";
import { EnvironmentSchema } from "./schema.js";
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

/** The repository URL follows its owner and name unless it was given. */
export function unresolveRepository(repository: Record<string, unknown>): Record<string, unknown> {
  const { owner, name, url } = repository;
  if (url !== `https://github.com/${String(owner)}/${String(name)}.git`) return repository;
  const { url: _derived, ...rest } = repository;
  return rest;
}

function resolvedOf(environment: Record<string, unknown>): unknown {
  const parsed = EnvironmentSchema.safeParse(environment);
  return parsed.success ? resolveEnvironment(parsed.data) : undefined;
}

function removeAt(node: Record<string, unknown>, path: string[]): boolean {
  let parent: unknown = node;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string, unknown> | undefined)?.[key];
  const last = path.at(-1)!;
  if (!parent || typeof parent !== "object" || !(last in parent)) return false;
  delete (parent as Record<string, unknown>)[last];
  return true;
}
