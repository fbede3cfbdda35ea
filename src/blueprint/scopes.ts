/**
 * Where a blueprint file renders: once, or once per server, environment or cluster when its path holds `__server__`,
 * `__env__` or `__cluster__` (the scopes), and at which output path (placeholders filled, dotfile names restored).
 */
import type { ResolvedAnswers, ResolvedEnvironment, ResolvedServer } from "../answers/resolve.js";
import type { EngineDescriptor } from "./engines.js";

const DOTFILES: Record<string, string> = {
  _gitignore: ".gitignore",
  _helmignore: ".helmignore",
  _github: ".github",
  _gitattributes: ".gitattributes",
  "_sops.yaml": ".sops.yaml",
  _trivyignore: ".trivyignore",
};

export interface Scope {
  server?: ResolvedServer;
  env?: ResolvedEnvironment;
  cluster?: BlueprintCluster;
}

/** A cluster and the environments that run in it, in the answers' order (see EngineDescriptor.cluster). */
export interface BlueprintCluster {
  name: string;
  environments: ResolvedEnvironment[];
}

/**
 * What a blueprint's `lib/helpers.mjs` default export is called with once per rendered file: the resolved answers,
 * plus the server and environment of a `__server__`/`__env__` path. Part of the package's types so a blueprint can
 * type-check its helpers against them (`@import { BlueprintScope } from "create-mcp-gitops"` in JSDoc).
 */
export interface BlueprintScope extends Scope {
  answers: ResolvedAnswers;
}

/** Environments grouped by the cluster the engine places them in, in the order each cluster first appears. */
export function clustersOf(answers: ResolvedAnswers, engine?: Pick<EngineDescriptor, "cluster">): BlueprintCluster[] {
  const clusters = new Map<string, BlueprintCluster>();
  for (const env of answers.environments) {
    const name = engine?.cluster ? engine.cluster(env) : env.name;
    const cluster = clusters.get(name) ?? { name, environments: [] };
    cluster.environments.push(env);
    clusters.set(name, cluster);
  }
  return [...clusters.values()];
}

export /** `__cluster__` renders once per cluster; with `__env__` too, once per environment of that cluster. */
function scopesFor(path: string, answers: ResolvedAnswers, clusters: BlueprintCluster[]): Scope[] {
  const servers: (ResolvedServer | undefined)[] = path.includes("__server__") ? answers.servers : [undefined];
  const perCluster: (BlueprintCluster | undefined)[] = path.includes("__cluster__") ? clusters : [undefined];
  return perCluster.flatMap((cluster) => {
    const all = cluster?.environments ?? answers.environments;
    const envs: (ResolvedEnvironment | undefined)[] = path.includes("__env__") ? all : [undefined];
    return envs.flatMap((env) => servers.map((server) => ({ env, server, cluster })));
  });
}

export /** The output path with placeholders kept: dotfile names restored, `.ejs` dropped. */
function renamedPath(path: string): string {
  return path
    .replace(/\.ejs$/, "")
    .split("/")
    .map((segment) => DOTFILES[segment] ?? segment)
    .join("/");
}

export /** A renamed path for one scope (a fleet has thousands: the renaming is done once per source file). */
function scopedPath(renamed: string, scope: Scope): string {
  if (!renamed.includes("__")) return renamed;
  return renamed
    .replaceAll("__server__", scope.server?.name ?? "")
    .replaceAll("__env__", scope.env?.name ?? "")
    .replaceAll("__cluster__", scope.cluster?.name ?? "");
}
