// @ts-check
// Observability for servers on the bundled chart: which servers are monitored, their metric names, the chart values
// that turn on the ServiceMonitor, PrometheusRule and dashboards, and the selectors the alert rules share with
// their unit tests. Plain functions of the answers, no I/O: see helpers.mjs.
/** @import { BundledServer, ResolvedAnswers, ResolvedEnvironment, ResolvedServer } from "create-mcp-gitops" */
import { serverController } from "./controllers.mjs";

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
 * @property {boolean} scraped The server serves Prometheus metrics and is scraped.
 * @property {BundledServer["mode"]} mode
 * @property {string} app PromQL matchers of the server's own series.
 * @property {string} pods PromQL matchers of the server's pods.
 * @property {string} deployment PromQL matchers of the server's workload (the chart's Deployment, kagent's, Flagger's
 *   primary, or the Rollout) in `workload.metric`.
 * @property {{ metric: string, label: string }} workload the series of the workload's available replicas, and the
 *   label naming the workload.
 * @property {string} mcpserver PromQL matchers of the server's MCPServer in kube-state-metrics' series.
 * @property {string} container PromQL matcher of the chart's container.
 * @property {(alertName: string) => string} runbook The runbook URL of an alert.
 */

/** The chart's container name: cAdvisor and kube-state-metrics label container series with it. */
export const CONTAINER = "mcp-server";
/** Range of the rate()/increase() windows in alert expressions. */
export const RATE_WINDOW = "5m";

/**
 * Monitoring needs the bundled chart's object and pod names: servers with their own chart bring their own. Servers
 * in mode mcpserver are monitored too: kagent names their Deployment and pods after the server, as the chart does.
 * @param {ResolvedAnswers} answers
 * @param {ResolvedServer} server
 */
export function isMonitored(answers, server) {
  return answers.monitoring.enabled && !server.chart;
}

/**
 * Whether the server serves Prometheus metrics: only when its answers say so (`metrics`, unless `enabled: false`).
 * Without them there is no scrape, and none of the alerts that read the server's own metrics, which could only fire.
 * @param {BundledServer} server
 */
export function exposesMetrics(server) {
  return server.metrics !== undefined && server.metrics.enabled !== false;
}

/**
 * The values kube-prometheus-stack needs for the MCPServerNotReady alert: kube-state-metrics exports every
 * MCPServer's status conditions as kagent_mcpserver_status_condition{namespace, name, type, reason} (1 = True), and
 * may list and watch MCPServers. The README shows them; an installer of kube-prometheus-stack can merge them as is.
 */
export const KUBE_PROMETHEUS_STACK_VALUES = {
  "kube-state-metrics": {
    customResourceState: {
      enabled: true,
      config: {
        kind: "CustomResourceStateMetrics",
        spec: {
          resources: [
            {
              groupVersionKind: { group: "kagent.dev", version: "v1alpha1", kind: "MCPServer" },
              resourcePlural: "mcpservers",
              metricNamePrefix: "kagent_mcpserver",
              labelsFromPath: { name: ["metadata", "name"], namespace: ["metadata", "namespace"] },
              metrics: [
                {
                  name: "status_condition",
                  help: "MCPServer status conditions (1 = True)",
                  each: {
                    type: "Gauge",
                    gauge: {
                      path: ["status", "conditions"],
                      labelsFromPath: { type: ["type"], reason: ["reason"] },
                      valueFrom: ["status"],
                    },
                  },
                },
              ],
            },
          ],
        },
      },
    },
    rbac: { extraRules: [{ apiGroups: ["kagent.dev"], resources: ["mcpservers"], verbs: ["list", "watch"] }] },
  },
};

/**
 * The server's metric names and endpoint: its own `metrics` over `monitoring.metrics`. The defaults are not restated
 * here: the answers schema resolves them into `monitoring.metrics` (METRIC_DEFAULTS in
 * src/answers/monitoring-schema.ts is their one source) and `.mcp-gitops.yaml` records them with the answers.
 * @param {ResolvedAnswers} answers
 * @param {BundledServer} server
 * @returns {ServerMetrics}
 */
export function serverMetrics(answers, server) {
  const { enabled: _enabled, ...own } = server.metrics ?? {};
  const merged = { ...answers.monitoring.metrics, ...own };
  return { ...merged, port: merged.port ?? server.port };
}

/**
 * Base values (every environment) that switch the chart's monitoring on: the scrape only for a server that serves
 * metrics, the alert rules and dashboards for every monitored server.
 * @param {ResolvedAnswers} answers
 * @param {BundledServer} server
 */
export function monitoringServerValues(answers, server) {
  const monitoring = answers.monitoring;
  const metrics = serverMetrics(answers, server);
  const { dashboards } = monitoring;
  return {
    labels: monitoring.labels,
    serviceMonitor: {
      enabled: exposesMetrics(server),
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
      slo: dashboards.slo,
    },
    metrics: {
      requests: metrics.requests,
      duration: metrics.duration,
      toolCalls: metrics.toolCalls,
      toolDuration: metrics.toolDuration,
      k8sApiCalls: metrics.k8sApiCalls,
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
 * What the alert rules and tests of a server read of it besides its name (through alertContext): servers alike in
 * these get the same documents in an environment but for the name, so lib/documents.mjs builds them once per
 * environment and shape. test/stamps.test.ts checks that nothing else of a server is read.
 * @param {BundledServer} server
 */
export function alertShape(server) {
  return JSON.stringify([server.mode, server.chart ?? null, server.metrics ?? null, server.port]);
}

/**
 * What an alert rule and its unit test both need to know about one server in one environment. The selectors are
 * strings of PromQL label matchers; the pod pattern matches `<deployment>-<replicaset hash>-<suffix>` exactly, so
 * a server named `search` never matches the pods of `search-v2`.
 * @param {ResolvedAnswers} answers
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 * @returns {AlertContext}
 */
export function alertContext(answers, server, env) {
  const ns = JSON.stringify(env.namespace);
  // A rollout controller renames or replaces the workload: Flagger serves from <name>-primary, Argo Rollouts from a
  // Rollout (lib/controllers.mjs).
  const controller = serverController(answers, server, env);
  const podPattern = controller?.podPattern ?? "-[a-z0-9]+-[a-z0-9]+";
  const availability = controller?.availability ?? {
    metric: "kube_deployment_status_replicas_available",
    label: "deployment",
    pattern: (/** @type {string} */ name) => name,
  };
  const workload = availability.pattern(server.name);
  return {
    server: server.name,
    environment: env.name,
    namespace: env.namespace,
    metrics: serverMetrics(answers, server),
    scraped: exposesMetrics(server),
    mode: server.mode,
    app: `namespace=${ns}, job=${JSON.stringify(server.name)}`,
    pods: `namespace=${ns}, pod=~${JSON.stringify(`${server.name}${podPattern}`)}`,
    deployment: `namespace=${ns}, ${availability.label}${workload === server.name ? "=" : "=~"}${JSON.stringify(workload)}`,
    workload: { metric: availability.metric, label: availability.label },
    mcpserver: `namespace=${ns}, name=${JSON.stringify(server.name)}`,
    container: `container=${JSON.stringify(CONTAINER)}`,
    runbook: (alertName) => runbookUrl(answers, alertName),
  };
}
