// @ts-check
// Production values of the bundled chart: exposure, TLS, autoscaling (HPA or KEDA), VPA, disruption budget, network
// policy and the server-level hardening switches. Plain functions of the resolved answers; no imports, no I/O.
/** @import { BundledServer, ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */
import { scalesOut, serverReplicas } from "./sessions.mjs";
import engines from "./engines.mjs";

/**
 * Values of the bundled chart (charts/mcp-server/values.yaml), built up key by key.
 * @typedef {Record<string, unknown>} ChartValues
 */
/** @typedef {ResolvedEnvironment["networkPolicy"]["allowFrom"][number]} Peer */
/** @typedef {ResolvedEnvironment["networkPolicy"]["egress"][number]} EgressRule */

/**
 * Server-level hardening: image pull secrets, the read-only switch, the health endpoint, sessions, API access and
 * what the MCP check expects.
 * @param {BundledServer} server
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
  // The chart refuses to scale a stateful server, so stateless is always written down.
  values.mcp = { stateless: server.stateless, ...(server.healthPath ? { healthPath: server.healthPath } : {}) };
  if (server.sessionAffinity === "clientIP") values.service = { sessionAffinity: "ClientIP" };
  if (server.rbac.preset !== "none") {
    const { preset, scope, rules } = server.rbac;
    values.rbac = preset === "custom" ? { preset, scope, rules } : { preset };
  }
  if (!server.expectTools) values.mcpCheck = { expectTools: false };
  return values;
}

/**
 * The server's own hostname in an environment: <server>.<hostname>, a leading wildcard label dropped.
 * @param {{ name: string }} server
 * @param {ResolvedEnvironment} env
 */
export function serverHostname(server, env) {
  return env.hostname ? `${server.name}.${env.hostname.replace(/^\*\./, "")}` : "";
}

/**
 * Exposure, TLS, scaling, disruption budget and network policy of one server in one resolved environment.
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 * @param {ResolvedAnswers} [answers]
 * @returns {ChartValues}
 */
export function productionValues(server, env, answers) {
  if (!env.exposure) return {};
  /** @type {ChartValues} */
  const values = {};
  const { exposure, tls, autoscaling, keda, vpa, pdb, networkPolicy } = env;
  // kagent rewrites the replica count of the Deployment it owns, so servers in mcpserver mode are never autoscaled;
  // a stateful server runs one replica (sessions.mjs), so it is never autoscaled either.
  const scalable = server.mode === "deployment" && scalesOut(server);
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
  if (vpa.enabled)
    values.vpa = {
      enabled: true,
      updateMode: vpa.updateMode,
      ...(vpa.maxAllowed ? { maxAllowed: vpa.maxAllowed } : {}),
    };
  // A disruption budget over one pod would block every node drain.
  if (pdb.enabled && serverReplicas(server, env) >= 2)
    values.podDisruptionBudget = { enabled: true, minAvailable: pdb.minAvailable };
  if (networkPolicy.enabled) values.networkPolicy = networkPolicyValues(server, env);
  return values;
}

/**
 * @param {BundledServer} server
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
    const { name, namespace } = gateway;
    values.httpRoute = { parentRefs: [{ name, namespace, sectionName: listenerName(env) }] };
  }
  return values;
}

/**
 * The Gateway listener an environment's routes attach to: the answer, else https-<environment> with TLS (one listener,
 * one certificate per environment: more than one certificate on a listener is not portable) and http without, so a
 * plain-HTTP environment never lands on an HTTPS listener. docs/gateway.md lists the listeners the Gateway needs.
 * @param {ResolvedEnvironment} env
 */
export function listenerName(env) {
  return env.exposure.gateway?.sectionName ?? (env.tls.enabled ? `https-${env.name}` : "http");
}

/**
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 * @param {ResolvedAnswers} [answers]
 */
function tlsValues(server, env, answers) {
  const { kind, name, create } = env.tls.issuer;
  /** @type {ChartValues} */
  const values = { enabled: true, issuer: { kind, name } };
  // A ClusterIssuer is cluster-wide: one release owns it — the first bundled-chart server of the first environment in
  // that cluster that creates it; two owners would fight over it (Helm refuses, Argo CD reports a shared resource).
  const owner = answers?.servers.find((candidate) => !candidate.chart);
  if (create && owner?.name === server.name && answers && ownsIssuer(answers, env))
    values.createClusterIssuer = { enabled: true, email: create.email, server: create.server };
  return values;
}

/**
 * @param {ResolvedAnswers} answers
 * @param {ResolvedEnvironment} env
 */
function ownsIssuer(answers, env) {
  const engine = engines[answers.gitops];
  const cluster = (/** @type {ResolvedEnvironment} */ candidate) =>
    engine ? engine.cluster(candidate) : candidate.name;
  const first = answers.environments.find(
    (candidate) =>
      candidate.tls.enabled &&
      candidate.tls.issuer.create &&
      candidate.tls.issuer.name === env.tls.issuer.name &&
      cluster(candidate) === cluster(env),
  );
  return first?.name === env.name;
}

/**
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 */
function networkPolicyValues(server, env) {
  const { exposure, networkPolicy } = env;
  const controller =
    exposure.type !== "none" && exposure.controllerNamespace
      ? [peerValues({ namespace: exposure.controllerNamespace })]
      : [];
  return {
    enabled: true,
    allowFrom: [...controller, ...networkPolicy.allowFrom.map(peerValues)],
    kagentNamespace: networkPolicy.kagentNamespace,
    egress: { dns: true, to: egressValues(server, env) },
  };
}

/** Anywhere outside the cluster's private ranges would be narrower, but a cluster's own ranges are not known here. */
const INTERNET = [{ ipBlock: { cidr: "0.0.0.0/0" } }, { ipBlock: { cidr: "::/0" } }];

/**
 * Where the server may connect besides DNS: the server's own answer over the environment's. `outbound` defaults to
 * custom when rules are given (only the rules), else none (DNS only; the CLI warns in prod).
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 */
export function egressValues(server, env) {
  const own = server.outbound !== undefined || server.egress !== undefined;
  const rules = (own ? server.egress : env.networkPolicy.egress) ?? [];
  const outbound = (own ? server.outbound : env.networkPolicy.outbound) ?? (rules.length ? "custom" : "none");
  const preset =
    outbound === "in-cluster"
      ? [{ to: [{ namespaceSelector: {} }] }]
      : outbound === "internet"
        ? [{ to: INTERNET, ports: [{ port: 443, protocol: "TCP" }] }]
        : [];
  return [...preset, ...rules.map(egressRule)];
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
