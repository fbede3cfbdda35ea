// @ts-check
// An environment's namespace quota (apps/<env>/quota.yaml): a ResourceQuota sized for the servers at their most, and
// a LimitRange that sizes containers which declare nothing (a compute quota refuses pods without requests). Pods past
// the quota are never created — an autoscaler asking for them only records "exceeded quota" — so the caps count every
// server at its maximum replicas, plus the surge pod of a rollout (a whole second version under a progressive
// rollout) and the MCP check's pod, plus the headroom answer.
// Plain functions of the answers, no I/O.
/** @import { BundledServer, ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */
import { serverController } from "./controllers.mjs";
import { scalesOut } from "./sessions.mjs";

export const QUOTA_NAME = "mcp-servers";
/** The MCP check's container (templates/_check.tpl). */
const CHECK = { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } };
const UNITS = /** @type {Record<string, number>} */ ({
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
});

/** @typedef {{ requests: { cpu: string, memory: string }, limits: { cpu: string, memory: string } }} Resources */

/**
 * A Kubernetes quantity (500m, 1.5, 256Mi, 1G) in base units.
 * @param {string | number} quantity
 */
export function parseQuantity(quantity) {
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(quantity));
  if (!match) throw new Error(`not a quantity: ${quantity}`);
  return Number(match[1]) * /** @type {number} */ (UNITS[match[2] ?? ""]);
}

/**
 * The most pods of a server in an environment, rollouts aside (src/answers/workload-rules.ts mostReplicas).
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 */
export function mostReplicas(server, env) {
  if (!scalesOut(server)) return Math.min(env.replicas, 1);
  const autoscaled = server.mode === "deployment" && (env.autoscaling.enabled || env.keda.enabled);
  return autoscaled ? Math.max(env.replicas, env.autoscaling.maxReplicas) : env.replicas;
}

/**
 * Extra pods while a server rolls: the chart's Deployment surges one (none with Recreate, for a volume one node
 * holds); kagent's Deployment surges 25%, rounded up.
 * @param {BundledServer} server
 * @param {number} replicas
 */
function surge(server, replicas) {
  if (server.mode === "mcpserver") return Math.ceil(replicas / 4);
  const recreate = server.storage.some(
    (volume) => volume.type === "pvc" && ["ReadWriteOnce", "ReadWriteOncePod"].includes(volume.accessMode),
  );
  return recreate ? 0 : 1;
}

/**
 * The ResourceQuota and LimitRange of an environment, or none when its quota is off.
 * @param {ResolvedAnswers} answers
 * @param {ResolvedEnvironment} env
 * @param {(server: BundledServer, env: ResolvedEnvironment) => Resources} resourcesOf what a server's pod requests
 * @param {Resources} sized the environment's size: the LimitRange's defaults
 */
export function quotaDocuments(answers, env, resourcesOf, sized) {
  const quota = env.quota;
  if (!quota?.enabled) return [];
  const need = { requestsCpu: 0, requestsMemory: 0, limitsCpu: 0, limitsMemory: 0, pods: 0, storage: 0, claims: 0 };
  const add = (/** @type {Resources} */ resources, /** @type {number} */ pods) => {
    need.requestsCpu += parseQuantity(resources.requests.cpu) * pods;
    need.requestsMemory += parseQuantity(resources.requests.memory) * pods;
    need.limitsCpu += parseQuantity(resources.limits.cpu) * pods;
    need.limitsMemory += parseQuantity(resources.limits.memory) * pods;
    need.pods += pods;
  };
  for (const server of answers.servers) {
    if (server.chart) continue;
    const replicas = mostReplicas(server, env);
    // A progressive rollout runs the new version beside the old one, up to its full size, while the old one keeps
    // its own surge pod (Flagger rolls the primary after promotion); Argo Rollouts' MCP check is a Job pod more.
    const progressive = serverController(answers, server, env) !== undefined;
    add(resourcesOf(server, env), replicas + surge(server, replicas) + (progressive ? replicas : 0));
    add(CHECK, progressive ? 2 : 1);
    for (const volume of server.storage) {
      if (volume.type !== "pvc") continue;
      need.storage += parseQuantity(volume.size);
      need.claims += 1;
    }
  }
  const grow = (/** @type {number} */ value) => value * (1 + quota.headroom / 100);
  const cpu = (/** @type {number} */ cores) => `${Math.ceil(Math.round(grow(cores) * 1e6) / 1e3)}m`;
  const memory = (/** @type {number} */ bytes) => `${Math.ceil(grow(bytes) / 2 ** 20)}Mi`;
  /** @type {Record<string, string>} */
  const hard = {
    "requests.cpu": quota.requests?.cpu ?? cpu(need.requestsCpu),
    "requests.memory": quota.requests?.memory ?? memory(need.requestsMemory),
    "limits.cpu": quota.limits?.cpu ?? cpu(need.limitsCpu),
    "limits.memory": quota.limits?.memory ?? memory(need.limitsMemory),
    pods: String(quota.pods ?? Math.ceil(grow(need.pods))),
  };
  // Claims are counted exactly: their sizes are the answers'.
  if (quota.storage || need.claims > 0) {
    hard["requests.storage"] = quota.storage ?? `${Math.ceil(need.storage / 2 ** 20)}Mi`;
    if (need.claims > 0) hard.persistentvolumeclaims = String(need.claims);
  }
  const metadata = {
    name: QUOTA_NAME,
    namespace: env.namespace,
    labels: { "app.kubernetes.io/part-of": "mcp-servers", "mcp-gitops/environment": env.name },
  };
  return [
    { apiVersion: "v1", kind: "ResourceQuota", metadata, spec: { hard } },
    {
      apiVersion: "v1",
      kind: "LimitRange",
      metadata,
      spec: { limits: [{ type: "Container", default: sized.limits, defaultRequest: sized.requests }] },
    },
  ];
}
