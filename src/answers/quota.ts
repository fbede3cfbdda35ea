/**
 * An environment's namespace quota (`environments[].quota`): a ResourceQuota that caps what the namespace may request
 * and a LimitRange that gives every container without resources the environment's size (a compute quota refuses pods
 * that declare none) — requests only where a server runs its own chart, whose containers it must not change. The caps default to what the servers need at their most — each server's resources times its
 * maximum replicas plus a rollout's surge pod and the MCP check — plus `headroom`; the blueprint computes them
 * (lib/quota.mjs), because what a size means is the blueprint's. Every cap can be given instead.
 */
import * as z from "./zod.js";
import { quantity, whole } from "./rules.js";

const resources = z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() });

export const QuotaSchema = z.strictObject({
  /** Off by default: the namespace may hold other workloads the tool cannot size. */
  enabled: z.boolean({ error: "must be true or false" }).default(false),
  /** Percent added to the computed caps. */
  headroom: whole(0, 500).default(20),
  /** requests.cpu and requests.memory; default: computed. */
  requests: resources.optional(),
  /** limits.cpu and limits.memory; default: computed. */
  limits: resources.optional(),
  /** Pods; default: computed. */
  pods: whole(1, 10000).optional(),
  /** requests.storage for every PersistentVolumeClaim; default: the servers' PVC sizes. */
  storage: quantity.optional(),
});

export type Quota = z.output<typeof QuotaSchema>;

/**
 * Whether the caps the tool cannot compute with a server on its own chart are given: requests (cpu and memory) and
 * pods. Limits are capped only when answered there (the LimitRange then defaults requests only).
 */
export function quotaFullyGiven(quota: Quota): boolean {
  const { requests } = quota;
  return Boolean(requests?.cpu && requests.memory && quota.pods !== undefined);
}

/** Whether every cpu and memory cap the namespace has is answered, so none is computed from the servers' sizes. */
export function quotaResourcesGiven(quota: Quota, ownCharts: boolean): boolean {
  const { requests, limits } = quota;
  return Boolean(requests?.cpu && requests.memory && (ownCharts || (limits?.cpu && limits.memory)));
}
