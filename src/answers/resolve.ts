/**
 * Derived defaults: values whose default depends on another answer (an environment's namespace on its name,
 * prod-like settings on its profile). The resolved answers are what `.mcp-gitops.yaml` records, so a later
 * upgrade renders with exactly what was used, whatever the defaults become.
 */
import { defaultNamespace } from "./layout-rules.js";
import { type ResolvedInfrastructure, resolveInfrastructure } from "./infrastructure.js";
import { resolveProduction, type ResolvedProduction } from "./resolve-production.js";
import type { Answers, Environment, Profile, Server, Size } from "./schema.js";
import { CHART_SERVER_FIELDS, defaultPath } from "./server-rules.js";
import { defaultSecretMount } from "./storage.js";

export interface ResolvedEnvironment
  extends Omit<Environment, keyof ResolvedProduction | "secretStore">,
    ResolvedProduction {
  /** Filled in when a server has managedSecrets: the store they read from. */
  secretStore?: { kind: NonNullable<Environment["secretStore"]>["kind"]; name: string };
  profile: Profile;
  namespace: string;
  replicas: number;
  size: Size;
  /** The branch, or refs/tags/<tag>, the environment is delivered from. */
  revision: string;
}

/** A server on the bundled chart, with the defaults that follow other answers (its path) filled in. */
export interface BundledServer extends Server {
  chart?: undefined;
  image: string;
  path: string;
}

/**
 * A server on its own chart keeps only the answers that reach it: the rest configure the bundled chart, which it
 * does not use (server-rules.ts refuses them), so they are not even recorded.
 */
export type ChartServer = Pick<Server, "name" | "description" | "values" | "securityOverrides"> & {
  chart: NonNullable<Server["chart"]>;
};

export type ResolvedServer = BundledServer | ChartServer;

export interface ResolvedAnswers extends Omit<Answers, "environments" | "repository" | "servers" | "infrastructure"> {
  repository: Answers["repository"] & { name: string; url: string };
  servers: ResolvedServer[];
  environments: ResolvedEnvironment[];
  infrastructure: ResolvedInfrastructure;
}

const PROD_LIKE = /^(prod|production|prd|live|staging|stage|stg|preprod|pre-prod)(-|$)/;

export function defaultProfile(environmentName: string): Profile {
  return PROD_LIKE.test(environmentName) ? "prod" : "dev";
}

/** An environment's size unless it gives one; what a size means is the blueprint's (lib/helpers.mjs SIZES). */
export function defaultSize(profile: Profile): Size {
  return profile === "prod" ? "medium" : "small";
}

export function resolveAnswers(answers: Answers, directoryName: string): ResolvedAnswers {
  const repoName = answers.repository.name ?? sanitizeRepoName(directoryName);
  const managed = answers.servers.some((server) => !server.chart && server.managedSecrets.length > 0);
  const environments = answers.environments.map((env) => {
    const resolved = resolveEnvironment(env, answers.repository.baseBranch);
    if (!managed || resolved.secretStore) return resolved;
    return { ...resolved, secretStore: { kind: "ClusterSecretStore" as const, name: env.name } };
  });
  return {
    ...answers,
    repository: {
      ...answers.repository,
      name: repoName,
      url: answers.repository.url ?? `https://github.com/${answers.repository.owner}/${repoName}.git`,
    },
    servers: answers.servers.map(resolveServer),
    environments,
    infrastructure: resolveInfrastructure(answers, environments),
  };
}

export function resolveServer(server: Server): ResolvedServer {
  if (server.chart) {
    const kept = Object.entries(server).filter(([key]) => (CHART_SERVER_FIELDS as readonly string[]).includes(key));
    return Object.fromEntries(kept) as ChartServer;
  }
  // The schema refuses a server without chart and image (server-rules.ts).
  const managedSecrets = server.managedSecrets.map((secret) =>
    secret.as === "files" ? { ...secret, mountPath: secret.mountPath ?? defaultSecretMount(secret.name) } : secret,
  );
  return {
    ...server,
    chart: undefined,
    image: server.image ?? "",
    path: server.path ?? defaultPath(server.transport),
    managedSecrets,
  };
}

/**
 * `baseBranch` is the default revision: every environment follows the base branch until it is promoted by hand.
 * Callers that only read an environment's production defaults may leave it out.
 */
export function resolveEnvironment(environment: Environment, baseBranch = "main"): ResolvedEnvironment {
  const profile = environment.profile ?? defaultProfile(environment.name);
  const prod = profile === "prod";
  const namespace = environment.namespace ?? defaultNamespace(environment.name);
  const replicas = environment.replicas ?? (prod ? 2 : 1);
  const { secretStore, ...rest } = environment;
  return {
    ...rest,
    profile,
    namespace,
    replicas,
    size: environment.size ?? defaultSize(profile),
    revision: environment.revision ?? baseBranch,
    ...(secretStore ? { secretStore: { ...secretStore, name: secretStore.name ?? environment.name } } : {}),
    ...resolveProduction(environment, profile, replicas, namespace),
  };
}

export function sanitizeRepoName(directoryName: string): string {
  const cleaned = directoryName.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "");
  return cleaned || "mcp-gitops";
}
