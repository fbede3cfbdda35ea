// @ts-check
// Production values of the bundled chart: exposure, TLS, autoscaling (HPA or KEDA), VPA, disruption budget, network
// policy and the server-level hardening switches. Plain functions of the resolved answers; no imports, no I/O.
/** @import { ResolvedAnswers, ResolvedEnvironment, Server } from "create-mcp-gitops" */

/**
 * Values of the bundled chart (charts/mcp-server/values.yaml), built up key by key.
 * @typedef {Record<string, unknown>} ChartValues
 */
/** @typedef {ResolvedEnvironment["networkPolicy"]["allowFrom"][number]} Peer */
/** @typedef {ResolvedEnvironment["networkPolicy"]["egress"][number]} EgressRule */

/**
 * Server-level hardening: image pull secrets, the read-only switch, the health endpoint, SSE session affinity.
 * @param {Server} server
 * @returns {ChartValues}
 */
export function hardeningValues(server) {
  /** @type {ChartValues} */
  const values = {};
  if (server.imagePullSecrets?.length) values.imagePullSecrets = server.imagePullSecrets;
  const readOnly = server.readOnly;
  if (readOnly && (readOnly.enabled || readOnly.env || readOnly.arg)) {
    values.readOnly = { enabled: readOnly.enabled, env: readOnly.env ?? "", arg: readOnly.arg ?? "" };
  }
  if (server.healthPath) values.mcp = { healthPath: server.healthPath };
  // An SSE session lives on the pod that holds the stream; the client's posts must reach that pod too.
  if (server.transport === "sse" && server.mode === "deployment") values.service = { sessionAffinity: "ClientIP" };
  return values;
}

/**
 * The server's own hostname in an environment: <server>.<hostname>, a leading wildcard label dropped.
 * @param {Server} server
 * @param {ResolvedEnvironment} env
 */
export function serverHostname(server, env) {
  return env.hostname ? `${server.name}.${env.hostname.replace(/^\*\./, "")}` : "";
}

/**
 * Exposure, TLS, scaling, disruption budget and network policy of one server in one resolved environment.
 * @param {Server} server
 * @param {ResolvedEnvironment} env
 * @param {ResolvedAnswers} [answers]
 * @returns {ChartValues}
 */
export function productionValues(server, env, answers) {
  if (!env.exposure) return {};
  /** @type {ChartValues} */
  const values = {};
  const { exposure, tls, autoscaling, keda, vpa, pdb, networkPolicy } = env;
  // kagent rewrites the replica count of the Deployment it owns, so servers in mcpserver mode are never autoscaled.
  const scalable = server.mode === "deployment";
  if (exposure.type !== "none") values.exposure = exposureValues(server, env);
  if (tls.enabled) values.tls = tlsValues(server, env, answers);
  const bounds = {
    minReplicas: autoscaling.minReplicas,
    maxReplicas: autoscaling.maxReplicas,
    targetCPUUtilizationPercentage: autoscaling.cpu,
    targetMemoryUtilizationPercentage: autoscaling.memory,
  };
  if (scalable && autoscaling.enabled) values.autoscaling = { enabled: true, ...bounds };
  if (scalable && keda.enabled) {
    values.autoscaling = { enabled: false, ...bounds };
    const triggers = keda.triggers.map(({ type, metadata, metricType }) => ({
      type,
      metadata,
      ...(metricType ? { metricType } : {}),
    }));
    values.keda = {
      enabled: true,
      pollingInterval: keda.pollingInterval,
      cooldownPeriod: keda.cooldownPeriod,
      triggers,
    };
  }
  if (vpa.enabled) values.vpa = { enabled: true, updateMode: vpa.updateMode };
  if (pdb.enabled) values.podDisruptionBudget = { enabled: true, minAvailable: pdb.minAvailable };
  if (networkPolicy.enabled) values.networkPolicy = networkPolicyValues(env);
  return values;
}

/**
 * @param {Server} server
 * @param {ResolvedEnvironment} env
 */
function exposureValues(server, env) {
  const { type, className, annotations, gateway } = env.exposure;
  /** @type {ChartValues} */
  const values = { type, hostname: serverHostname(server, env) };
  if (Object.keys(annotations).length) values.annotations = annotations;
  if (type === "ingress") values.ingress = { className };
  if (type === "httproute") {
    // The answers schema refuses httproute without a gateway (src/answers/resolve-production.ts).
    if (!gateway) throw new Error(`environment ${env.name}: exposure.type httproute needs exposure.gateway`);
    const { name, namespace, sectionName } = gateway;
    values.httpRoute = { parentRefs: [{ name, namespace, ...(sectionName ? { sectionName } : {}) }] };
  }
  return values;
}

/**
 * @param {Server} server
 * @param {ResolvedEnvironment} env
 * @param {ResolvedAnswers} [answers]
 */
function tlsValues(server, env, answers) {
  const { kind, name, create } = env.tls.issuer;
  /** @type {ChartValues} */
  const values = { enabled: true, issuer: { kind, name } };
  // A ClusterIssuer is cluster-wide: only the environment's first bundled-chart server creates it.
  const owner = answers?.servers.find((candidate) => !candidate.chart);
  if (create && owner?.name === server.name)
    values.createClusterIssuer = { enabled: true, email: create.email, server: create.server };
  return values;
}

/** @param {ResolvedEnvironment} env */
function networkPolicyValues(env) {
  const { exposure, networkPolicy } = env;
  const controller =
    exposure.type !== "none" && exposure.controllerNamespace
      ? [peerValues({ namespace: exposure.controllerNamespace })]
      : [];
  return {
    enabled: true,
    allowFrom: [...controller, ...networkPolicy.allowFrom.map(peerValues)],
    egress: { dns: true, to: networkPolicy.egress.map(egressRule) },
  };
}

/**
 * {namespace, namespaceLabels, podLabels} → a NetworkPolicyPeer.
 * @param {Peer} peer
 */
function peerValues({ namespace, namespaceLabels, podLabels }) {
  /** @type {ChartValues} */
  const peer = {};
  if (namespace) peer.namespaceSelector = { matchLabels: { "kubernetes.io/metadata.name": namespace } };
  if (namespaceLabels) peer.namespaceSelector = { matchLabels: namespaceLabels };
  if (podLabels) peer.podSelector = { matchLabels: podLabels };
  return peer;
}

/** @param {EgressRule} rule */
function egressRule(rule) {
  const to = rule.cidr
    ? { ipBlock: { cidr: rule.cidr, ...(rule.except?.length ? { except: rule.except } : {}) } }
    : peerValues(rule);
  const ports = rule.ports.map((port) => ({ port, protocol: "TCP" }));
  return ports.length ? { to: [to], ports } : { to: [to] };
}
