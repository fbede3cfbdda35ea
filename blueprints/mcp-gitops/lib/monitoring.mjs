// @ts-check
// Observability for servers on the bundled chart: which servers are monitored, their metric names, the chart values
// that turn on the ServiceMonitor, PrometheusRule and dashboards, and the selectors the alert rules share with
// their unit tests. Plain functions of the answers, no I/O: see helpers.mjs.
/** @import { ResolvedAnswers, ResolvedEnvironment, Server } from "create-mcp-gitops" */

/**
 * A server's metric names and endpoint, its own over `monitoring.metrics`; `port` is always known.
 * @typedef {ResolvedAnswers["monitoring"]["metrics"] & { port: number }} ServerMetrics
 */

/**
 * What an alert rule and its unit test both need to know about one server in one environment (see alertContext).
 * @typedef {object} AlertContext
 * @property {string} server
 * @property {string} environment
 * @property {string} namespace
 * @property {ServerMetrics} metrics
 * @property {string} app PromQL matchers of the server's own series.
 * @property {string} pods PromQL matchers of the server's pods.
 * @property {string} container PromQL matcher of the chart's container.
 * @property {(alertName: string) => string} runbook The runbook URL of an alert.
 */

/** The chart's container name: cAdvisor and kube-state-metrics label container series with it. */
export const CONTAINER = "mcp-server";
/** Range of the rate()/increase() windows in alert expressions. */
export const RATE_WINDOW = "5m";

/**
 * Monitoring needs the bundled chart's Service and pod names: servers with their own chart bring their own
 * monitoring, and kagent (mode mcpserver) owns the Service and names the pods itself.
 * @param {ResolvedAnswers} answers
 * @param {Server} server
 */
export function isMonitored(answers, server) {
  return answers.monitoring.enabled && !server.chart && server.mode === "deployment";
}

/**
 * The server's metric names and endpoint: its own `metrics` over `monitoring.metrics`. The defaults are not restated
 * here: the answers schema resolves them into `monitoring.metrics` (METRIC_DEFAULTS in
 * src/answers/monitoring-schema.ts is their one source) and `.mcp-gitops.yaml` records them with the answers.
 * @param {ResolvedAnswers} answers
 * @param {Server} server
 * @returns {ServerMetrics}
 */
export function serverMetrics(answers, server) {
  const merged = { ...answers.monitoring.metrics, ...server.metrics };
  return { ...merged, port: merged.port ?? server.port };
}

/**
 * Base values (every environment) that switch the chart's monitoring on.
 * @param {ResolvedAnswers} answers
 * @param {Server} server
 */
export function monitoringServerValues(answers, server) {
  const monitoring = answers.monitoring;
  const metrics = serverMetrics(answers, server);
  const { dashboards } = monitoring;
  return {
    labels: monitoring.labels,
    serviceMonitor: {
      enabled: true,
      interval: monitoring.scrapeInterval,
      scrapeTimeout: monitoring.scrapeTimeout,
      path: metrics.path,
      // 0: the MCP port itself; another number adds a "metrics" port to the container and the Service.
      port: metrics.port === server.port ? 0 : metrics.port,
      allowFrom: [
        { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": monitoring.prometheusNamespace } } },
      ],
    },
    prometheusRule: { enabled: true },
    dashboards: {
      enabled: dashboards.enabled,
      provider: dashboards.provider,
      folder: dashboards.folder,
      instanceSelector: { matchLabels: dashboards.instanceSelector },
    },
    metrics: {
      requests: metrics.requests,
      duration: metrics.duration,
      toolCalls: metrics.toolCalls,
      errorMatcher: metrics.errorMatcher,
      toolLabel: metrics.toolLabel,
      toolErrorMatcher: metrics.toolErrorMatcher,
    },
  };
}

/**
 * Environment values: the label the ServiceMonitor puts on every series, which the dashboards filter by.
 * @param {ResolvedEnvironment} env
 */
export function monitoringEnvironmentValues(env) {
  return { environment: env.name };
}

/**
 * Where an alert's runbook is: the answer's base URL, else the runbooks page this repository ships.
 * @param {ResolvedAnswers} answers
 * @param {string} alertName
 */
export function runbookUrl(answers, alertName) {
  const base = answers.monitoring.runbookBaseUrl;
  if (base) return `${base.replace(/\/+$/, "")}/${alertName.toLowerCase()}`;
  const { owner, name, baseBranch } = answers.repository;
  return `https://github.com/${owner}/${name}/blob/${baseBranch}/docs/runbooks.md#${alertName.toLowerCase()}`;
}

/**
 * What an alert rule and its unit test both need to know about one server in one environment. The selectors are
 * strings of PromQL label matchers; the pod pattern matches `<deployment>-<replicaset hash>-<suffix>` exactly, so
 * a server named `search` never matches the pods of `search-v2`.
 * @param {ResolvedAnswers} answers
 * @param {Server} server
 * @param {ResolvedEnvironment} env
 * @returns {AlertContext}
 */
export function alertContext(answers, server, env) {
  const ns = JSON.stringify(env.namespace);
  return {
    server: server.name,
    environment: env.name,
    namespace: env.namespace,
    metrics: serverMetrics(answers, server),
    app: `namespace=${ns}, job=${JSON.stringify(server.name)}`,
    pods: `namespace=${ns}, pod=~${JSON.stringify(`${server.name}-[a-z0-9]+-[a-z0-9]+`)}`,
    container: `container=${JSON.stringify(CONTAINER)}`,
    runbook: (alertName) => runbookUrl(answers, alertName),
  };
}
