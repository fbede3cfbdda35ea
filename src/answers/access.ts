/**
 * A server's access to the Kubernetes API (`servers[].rbac`). Most MCP servers never talk to the API server, so the
 * default is none: no rights and no service-account token in the pod. Servers that do (a Kubernetes, Flux or Argo CD
 * MCP server) pick a preset or list their own rules; the bundled chart renders the Role or ClusterRole and binding.
 */
import * as z from "./zod.js";
import { line, oneOf } from "./rules.js";

export const RBAC_PRESETS = ["none", "cluster-read", "namespace-read", "custom"] as const;
export const RBAC_SCOPES = ["namespace", "cluster"] as const;
export const RBAC_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"] as const;

const words = (what: string) =>
  z.array(line(253), { error: `must be a list of ${what}` }).max(64, { error: "must list at most 64" });

/** One rule of a Role or ClusterRole, as Kubernetes writes it. */
export const PolicyRuleSchema = z.strictObject({
  /** "" is the core group (pods, services, configmaps...). */
  apiGroups: words("API groups").default([""]),
  resources: words("resources").min(1, { error: "must name at least one resource" }),
  verbs: z
    .array(oneOf(RBAC_VERBS), { error: `must be a list of verbs (${RBAC_VERBS.join(", ")})` })
    .min(1, { error: "must name at least one verb" })
    .max(RBAC_VERBS.length),
  resourceNames: words("object names").optional(),
});

export const RbacSchema = z.strictObject({
  /**
   * none: no token, no rights. cluster-read: the built-in `view` ClusterRole in every namespace (not Secrets).
   * namespace-read: get, list and watch the common objects of the server's own namespace. custom: `rules`.
   */
  preset: oneOf(RBAC_PRESETS).default("none"),
  /** custom only: a Role in the server's namespace, or a ClusterRole for the whole cluster. */
  scope: oneOf(RBAC_SCOPES).default("namespace"),
  /** custom only. */
  rules: z.array(PolicyRuleSchema, { error: "must be a list of rules" }).max(32).default([]),
});

export type Rbac = z.output<typeof RbacSchema>;

/** Combinations of the rbac answer that cannot mean anything; paths are relative to `rbac`. */
export function rbacProblems(rbac: Rbac): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  if (rbac.preset === "custom" && rbac.rules.length === 0)
    problems.push({ path: ["rules"], message: "must list the rules of preset custom (apiGroups, resources, verbs)" });
  if (rbac.preset !== "custom" && rbac.rules.length > 0)
    problems.push({ path: ["rules"], message: `apply only to preset custom (the preset is ${rbac.preset})` });
  return problems;
}
