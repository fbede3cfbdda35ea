// @ts-check
// Where each environment runs and which Git revision it is delivered from, as names both engines' layers use: the
// cluster an environment shares with others, the ref a revision answer means, and the name of the source that
// fetches it. Plain functions of the answers, no imports (see helpers.mjs).
/** @import { ResolvedEnvironment } from "create-mcp-gitops" */

/** The name Argo CD gives the cluster it runs in; its API server URL from inside is the same cluster. */
export const IN_CLUSTER = "in-cluster";
const IN_CLUSTER_URL = "https://kubernetes.default.svc";

/**
 * A cluster answer as a name fit for a folder or an object name: names stay as they are, an API server URL becomes
 * its host and port (`https://prod.k8s.example.com:6443` → `prod-k8s-example-com-6443`).
 * @param {string} cluster
 */
export function clusterSlug(cluster) {
  const text = cluster.replace(/^https:\/\//, "").replace(/\/.*$/, "");
  return slug(text, 50) || "cluster";
}

/**
 * Argo CD's cluster: the destination the environment names; `in-cluster` and the in-cluster URL are one cluster.
 * @param {ResolvedEnvironment} env
 */
export function argoCluster(env) {
  const cluster = env.cluster.replace(/\/+$/, "");
  return cluster === IN_CLUSTER || cluster === IN_CLUSTER_URL ? IN_CLUSTER : clusterSlug(cluster);
}

/**
 * Flux's cluster: one Flux runs in each cluster, so `in-cluster` (the default) is the environment's own cluster,
 * bootstrapped from clusters/<environment>; environments that name the same cluster share its folder.
 * @param {ResolvedEnvironment} env
 */
export function fluxCluster(env) {
  return env.cluster === IN_CLUSTER ? env.name : clusterSlug(env.cluster);
}

/**
 * What a revision answer names: `refs/tags/<tag>` is a tag, anything else (optionally `refs/heads/<branch>`) a branch.
 * @param {string} revision
 * @returns {{ type: "branch" | "tag", name: string }}
 */
export function revisionRef(revision) {
  if (revision.startsWith("refs/tags/")) return { type: "tag", name: revision.slice("refs/tags/".length) };
  return { type: "branch", name: revision.replace(/^refs\/heads\//, "") };
}

/**
 * The name of the Git source that fetches one revision: one per distinct revision, unique even when two revisions
 * differ only in characters a name cannot hold (release/prod, release-prod).
 * @param {string} revision
 */
export function revisionSourceName(revision) {
  const { type, name } = revisionRef(revision);
  const readable = slug(`${type === "tag" ? "tag-" : ""}${name}`, 40);
  const exact = readable === (type === "tag" ? `tag-${name}` : name);
  return `mcp-gitops-${readable}${exact ? "" : `-${hash(revision)}`}`;
}

/**
 * @param {string} text
 * @param {number} max
 */
function slug(text, max) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .slice(0, max)
    .replace(/^-+|-+$/g, "");
}

/** FNV-1a, 6 hex digits: enough to tell apart the few revisions one repository names. @param {string} text */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0").slice(0, 6);
}
