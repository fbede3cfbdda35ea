// @ts-check
// Tracing as chart values: the OpenTelemetry settings of one server in one environment (the top-level answer, then
// the server's, then the environment's, field by field — src/answers/tracing.ts merges them the same way, and
// test/blueprint-contract.test.ts keeps the two equal), and the network policy rule that lets the pods reach the
// collector. Plain functions of the answers, no I/O.
/** @import { BundledServer, ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */
/** @import { ChartValues } from "./production.mjs" */

/** @typedef {NonNullable<ResolvedAnswers["tracing"]>} TracingAnswer */

const DEFAULTS = {
  protocol: "http/protobuf",
  sampler: "parentbased_traceidratio",
  ratio: 1,
  exportMetrics: false,
  exportLogs: false,
};

/**
 * The merged answer, or undefined where tracing is off (on by default wherever an endpoint is known).
 * @param {TracingAnswer | undefined} global
 * @param {TracingAnswer | undefined} server
 * @param {TracingAnswer | undefined} env
 */
export function effectiveTracing(global, server, env) {
  if (!global && !server && !env) return undefined;
  /** @type {TracingAnswer} */
  const merged = { ...global, ...server, ...env };
  if (!(merged.enabled ?? merged.endpoint !== undefined)) return undefined;
  return {
    ...(merged.endpoint ? { endpoint: merged.endpoint } : {}),
    protocol: merged.protocol ?? DEFAULTS.protocol,
    sampler: merged.sampler ?? DEFAULTS.sampler,
    ratio: merged.ratio ?? DEFAULTS.ratio,
    ...(merged.collectorNamespace ? { collectorNamespace: merged.collectorNamespace } : {}),
    exportMetrics: merged.exportMetrics ?? DEFAULTS.exportMetrics,
    exportLogs: merged.exportLogs ?? DEFAULTS.exportLogs,
  };
}

/**
 * tracing: the chart's OTEL_* settings for a server in an environment, or undefined when off.
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 * @param {ResolvedAnswers | undefined} answers
 * @returns {ChartValues | undefined}
 */
export function tracingValues(server, env, answers) {
  const tracing = effectiveTracing(answers?.tracing, server.tracing, env.tracing);
  if (!tracing?.endpoint) return undefined;
  return {
    enabled: true,
    endpoint: tracing.endpoint,
    protocol: tracing.protocol,
    sampler: tracing.sampler,
    // A number's text, as the SDKs parse it; only the ratio samplers read it.
    samplerArg: tracing.sampler.endsWith("traceidratio") ? String(tracing.ratio) : "",
    resourceAttributes: { "deployment.environment.name": env.name },
    // The spec's default exporter for every signal is otlp: without these the SDKs push metrics and logs too.
    metricsExporter: tracing.exportMetrics ? "otlp" : "none",
    logsExporter: tracing.exportLogs ? "otlp" : "none",
  };
}

/**
 * The collector as the network policy sees it: a namespace for an in-cluster Service (<service>.<namespace>[.svc…],
 * a bare <service> is in the environment's own namespace), an address block for an IP, and anywhere otherwise; on the
 * endpoint's port (the protocol's default, 4318 or 4317, or 443 for https).
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 * @param {ResolvedAnswers | undefined} answers
 * @returns {Record<string, unknown> | undefined} a NetworkPolicyEgressRule
 */
export function collectorEgress(server, env, answers) {
  const tracing = effectiveTracing(answers?.tracing, server.tracing, env.tracing);
  if (!tracing?.endpoint) return undefined;
  const url = new URL(tracing.endpoint);
  const fallback = url.protocol === "https:" ? 443 : tracing.protocol === "grpc" ? 4317 : 4318;
  const ports = [{ port: url.port ? Number(url.port) : fallback, protocol: "TCP" }];
  const namespaceOf = (/** @type {string} */ name) => ({
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } },
  });
  if (tracing.collectorNamespace) return { to: [namespaceOf(tracing.collectorNamespace)], ports };
  const host = url.hostname;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return { to: [{ ipBlock: { cidr: `${host}/32` } }], ports };
  const labels = host.split(".");
  const inCluster =
    labels.length === 1 ||
    labels.length === 2 ||
    (labels[2] === "svc" && (labels.length === 3 || labels.slice(3).join(".") === "cluster.local"));
  if (inCluster) return { to: [namespaceOf(labels[1] ?? env.namespace)], ports };
  return { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }, { ipBlock: { cidr: "::/0" } }], ports };
}
