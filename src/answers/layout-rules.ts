/**
 * Names that become folders, objects and namespaces of the generated repository, checked together (issue 19):
 * - an environment may not take the name of a folder the layout puts beside the environments (`apps/base`, the
 *   engine's `project` folder): its overlay would be that folder, and its values would reach no file;
 * - no two (server, environment) pairs may give the same `<server>-<environment>` (servers `a-b` and `a` with
 *   environments `c` and `b-c` both make `a-b-c`, the name per-environment objects such as Applications get);
 * - no two environments may deploy into one namespace of one cluster: each would overwrite the other's objects
 *   (sharedNamespaceProblem; checked where the engine is known, as with an engine that runs in every cluster each
 *   environment is its own cluster);
 * - namespaces Kubernetes or a controller reserves (`kube-*`, the engines' and kagent's own) only with
 *   `allowReservedNamespace: true`: an engine applying its policies there (prune on, restricted labels) can break
 *   the cluster.
 * These rules know no engine: test/blueprint-contract.test.ts checks the reserved folder names against every layer.
 */
import type * as z from "./zod.js";
import { ENGINE_NAMESPACES } from "./engines.js";
import { line } from "./rules.js";

/** Folders the blueprint's layout puts beside `__env__` folders. */
export const RESERVED_ENVIRONMENT_NAMES = ["base", "config", "root"] as const;

const RESERVED_NAMESPACES = new Set<string>([
  ...ENGINE_NAMESPACES,
  "kagent",
  "cert-manager",
  "external-secrets",
  "keda",
]);

/** The namespace an environment deploys into unless it names one. */
export function defaultNamespace(environmentName: string): string {
  return `mcp-${environmentName}`;
}

export function reservedNamespace(namespace: string): boolean {
  return namespace.startsWith("kube-") || RESERVED_NAMESPACES.has(namespace);
}

/** A cluster Argo CD-style engines deploy to: a registered name, or an https:// API server URL without userinfo. */
export const clusterAddress = line(253).superRefine((value, ctx) => {
  const problem = clusterProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

function clusterProblem(value: string): string | undefined {
  if (/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value)) return undefined;
  const rule =
    "must be a cluster name registered with the GitOps engine (e.g. in-cluster) or an https:// API server URL";
  if (!/^https:\/\/[^\s]+$/.test(value)) return rule;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${rule} (this one does not parse: is the port from 1 to 65535?)`;
  }
  if (url.search || url.hash) return `${rule}, without a query or fragment`;
  return undefined;
}

interface Layout {
  servers: { name: string }[];
  environments: {
    name: string;
    namespace?: string;
    cluster: string;
    hostname?: string;
    allowReservedNamespace?: boolean;
  }[];
}

export function reportLayoutProblems(answers: Layout, ctx: z.RefinementCtx): void {
  const pairs = new Map<string, string>();
  // A duplicated name is reported as such (schema.ts), not again as every collision it causes.
  const servers = answers.servers.filter(
    (server, index) => answers.servers.findIndex((s) => s.name === server.name) === index,
  );
  const seen = new Set<string>();
  answers.environments.forEach((environment, index) => {
    if (seen.has(environment.name)) return;
    seen.add(environment.name);
    reportHostLength(environment, index, servers, ctx);
    if ((RESERVED_ENVIRONMENT_NAMES as readonly string[]).includes(environment.name)) {
      ctx.addIssue({
        code: "custom",
        path: ["environments", index, "name"],
        message: `'${environment.name}' is the name of a folder of the repository's layout (${RESERVED_ENVIRONMENT_NAMES.join(", ")}); choose another environment name`,
      });
    }
    const namespace = environment.namespace ?? defaultNamespace(environment.name);
    if (reservedNamespace(namespace) && !environment.allowReservedNamespace) {
      ctx.addIssue({
        code: "custom",
        path: ["environments", index, environment.namespace ? "namespace" : "name"],
        message: `deploys into '${namespace}', a namespace Kubernetes or a controller reserves; choose another namespace, or set allowReservedNamespace: true on the environment if you mean it`,
      });
    }
    for (const server of servers) {
      const name = `${server.name}-${environment.name}`;
      const taken = pairs.get(name);
      if (taken !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["environments", index, "name"],
          message: `server '${server.name}' in environment '${environment.name}' and ${taken} both make the name '${name}'; rename a server or an environment`,
        });
      }
      pairs.set(name, `server '${server.name}' in environment '${environment.name}'`);
    }
  });
}

/** `<server>.<hostname>` (a leading wildcard label dropped) is each server's host: a DNS name of at most 253. */
function reportHostLength(
  environment: Layout["environments"][number],
  index: number,
  servers: { name: string }[],
  ctx: z.RefinementCtx,
): void {
  if (!environment.hostname) return;
  const longest = servers.reduce((a, b) => (b.name.length > a.name.length ? b : a), servers[0]!);
  const host = `${longest.name}.${environment.hostname.replace(/^\*\./, "")}`;
  if (host.length > 253) {
    ctx.addIssue({
      code: "custom",
      path: ["environments", index, "hostname"],
      message: `makes server '${longest.name}' reachable at a host name of ${host.length} characters; a DNS name has at most 253 (<server>.<hostname>)`,
    });
  }
}

/**
 * The first environment that deploys into the namespace of an earlier one on the same cluster: both would own the
 * same objects and overwrite each other's.
 */
export function sharedNamespaceProblem(
  environments: { name: string; namespace: string; cluster: string }[],
): { index: number; message: string } | undefined {
  const seen = new Map<string, string>();
  for (const [index, environment] of environments.entries()) {
    const place = `${environment.cluster}/${environment.namespace}`;
    const other = seen.get(place);
    if (other !== undefined)
      return {
        index,
        message: `deploys into namespace '${environment.namespace}' of cluster ${environment.cluster}, like environment '${other}': each would overwrite the other's objects; give each its own namespace (or cluster)`,
      };
    seen.set(place, environment.name);
  }
  return undefined;
}
