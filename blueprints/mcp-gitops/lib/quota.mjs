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
 * What a server's pod requests and is limited to at its most. A VPA that updates pods raises requests up to its
 * maxAllowed and keeps each limit's ratio to its request (src/answers/workload-rules.ts refuses a computed quota with
 * an unbounded VPA), so the quota counts the pod at maxAllowed.
 * @param {Resources} resources
 * @param {ResolvedEnvironment} env
 * @returns {Resources}
 */
function atMost(resources, env) {
  const { vpa } = env;
  if (!vpa.enabled || vpa.updateMode === "Off" || !vpa.maxAllowed) return resources;
  const grown = { requests: { ...resources.requests }, limits: { ...resources.limits } };
  for (const resource of /** @type {const} */ (["cpu", "memory"])) {
    const most = vpa.maxAllowed[resource];
    const request = parseQuantity(resources.requests[resource]);
    if (most === undefined || parseQuantity(most) <= request) continue;
    const factor = parseQuantity(most) / request;
    grown.requests[resource] = String(parseQuantity(most));
    grown.limits[resource] = String(parseQuantity(resources.limits[resource]) * factor);
  }
  return grown;
}

/** @typedef {{ cap: string, given: string, need: string }} ShortCap */

/**
 * An environment's caps: what the servers need at their most (plus headroom) unless answered, and the answered caps
 * below that need. Servers on their own charts are not counted (the answers must give their caps), and with one
 * the limits are capped only when answered, because their containers may declare none.
 * @param {ResolvedAnswers} answers
 * @param {ResolvedEnvironment} env
 * @param {(server: BundledServer, env: ResolvedEnvironment) => Resources} resourcesOf what a server's pod requests
 * @returns {{ hard: Record<string, string>, short: ShortCap[], ownCharts: boolean }}
 */
export function quotaNeed(answers, env, resourcesOf) {
  /** @type {Partial<NonNullable<ResolvedEnvironment["quota"]>>} */
  const quota = env.quota ?? {};
  const headroom = quota.headroom ?? 0;
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
    add(atMost(resourcesOf(server, env), env), replicas + surge(server, replicas) + (progressive ? replicas : 0));
    add(CHECK, progressive ? 2 : 1);
    for (const volume of server.storage) {
      if (volume.type !== "pvc") continue;
      need.storage += parseQuantity(volume.size);
      need.claims += 1;
    }
  }
  const ownCharts = answers.servers.some((server) => server.chart);
  const grow = (/** @type {number} */ value, percent = headroom) => value * (1 + percent / 100);
  const cpu = (/** @type {number} */ cores, percent = headroom) =>
    `${Math.ceil(Math.round(grow(cores, percent) * 1e6) / 1e3)}m`;
  const memory = (/** @type {number} */ bytes, percent = headroom) => `${Math.ceil(grow(bytes, percent) / 2 ** 20)}Mi`;
  const storage = (/** @type {number} */ bytes) => `${Math.ceil(bytes / 2 ** 20)}Mi`;
  /** @type {{ cap: string, given: string | undefined, computed: string | undefined, needed: string }[]} */
  const caps = [
    {
      cap: "requests.cpu",
      given: quota.requests?.cpu,
      computed: cpu(need.requestsCpu),
      needed: cpu(need.requestsCpu, 0),
    },
    {
      cap: "requests.memory",
      given: quota.requests?.memory,
      computed: memory(need.requestsMemory),
      needed: memory(need.requestsMemory, 0),
    },
    {
      cap: "limits.cpu",
      given: quota.limits?.cpu,
      computed: ownCharts ? undefined : cpu(need.limitsCpu),
      needed: cpu(need.limitsCpu, 0),
    },
    {
      cap: "limits.memory",
      given: quota.limits?.memory,
      computed: ownCharts ? undefined : memory(need.limitsMemory),
      needed: memory(need.limitsMemory, 0),
    },
    {
      cap: "pods",
      given: quota.pods === undefined ? undefined : String(quota.pods),
      computed: String(Math.ceil(grow(need.pods))),
      needed: String(need.pods),
    },
  ];
  // Claims are counted exactly: their sizes are the answers'.
  if (quota.storage || need.claims > 0)
    caps.push({
      cap: "requests.storage",
      given: quota.storage,
      computed: storage(need.storage),
      needed: storage(need.storage),
    });
  /** @type {Record<string, string>} */
  const hard = {};
  /** @type {ShortCap[]} */
  const short = [];
  for (const { cap, given, computed, needed } of caps) {
    const value = given ?? computed;
    if (value !== undefined) hard[cap] = value;
    if (given !== undefined && parseQuantity(given) < parseQuantity(needed)) short.push({ cap, given, need: needed });
  }
  if (need.claims > 0) hard.persistentvolumeclaims = String(need.claims);
  return { hard, short, ownCharts };
}

/**
 * The ResourceQuota and LimitRange of an environment, or none when its quota is off.
 * @param {ResolvedAnswers} answers
 * @param {ResolvedEnvironment} env
 * @param {(server: BundledServer, env: ResolvedEnvironment) => Resources} resourcesOf what a server's pod requests
 * @param {Resources} sized the environment's size: the LimitRange's defaults
 */
export function quotaDocuments(answers, env, resourcesOf, sized) {
  if (!env.quota?.enabled) return [];
  const { hard, ownCharts } = quotaNeed(answers, env, resourcesOf);
  const metadata = {
    name: QUOTA_NAME,
    namespace: env.namespace,
    labels: { "app.kubernetes.io/part-of": "mcp-servers", "mcp-gitops/environment": env.name },
  };
  // A default limit would change a foreign chart's containers: one requesting more than it gets refused, one run
  // without limits on purpose (a JVM, a cache) gets them. With such a chart, only requests are defaulted.
  const limit = ownCharts
    ? { type: "Container", defaultRequest: sized.requests }
    : { type: "Container", default: sized.limits, defaultRequest: sized.requests };
  return [
    { apiVersion: "v1", kind: "ResourceQuota", metadata, spec: { hard } },
    { apiVersion: "v1", kind: "LimitRange", metadata, spec: { limits: [limit] } },
  ];
}
