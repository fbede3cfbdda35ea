// @ts-check
// The alert catalogue: up to eight alerts per monitored server and environment, each with its defaults, the servers
// it applies to, its PromQL and its annotations. Alerts on the server's own metrics need a server that serves them;
// the rest read kube-state-metrics and cAdvisor, which every cluster with kube-prometheus-stack has. alertRuleFile()
// is the one source of both the PrometheusRule the GitOps engine applies (the rule file is layered into the chart's
// values) and the rule file promtool tests (alert-tests.mjs).
/** @import { BundledServer, ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */
/** @import { AlertContext } from "./monitoring.mjs" */
import { alertContext, RATE_WINDOW } from "./monitoring.mjs";

/**
 * The alerts an environment can override (`environments[].alerts.<key>`).
 * @typedef {keyof NonNullable<ResolvedEnvironment["alerts"]>} AlertKey
 */
/** @typedef {NonNullable<NonNullable<ResolvedEnvironment["alerts"]>[AlertKey]>} AlertOverride */
/** @typedef {NonNullable<AlertOverride["severity"]>} Severity */
/**
 * An alert's effective settings in one environment. `threshold` is undefined only for the alert without one.
 * @typedef {object} AlertSettings
 * @property {boolean} enabled
 * @property {number} [threshold]
 * @property {string} for
 * @property {Severity} severity
 */
/**
 * @typedef {object} Alert
 * @property {AlertKey} key
 * @property {string} alert The alert's name in Prometheus.
 * @property {string} measure
 * @property {{ threshold?: number, for: string, severity: Record<ResolvedEnvironment["profile"], Severity> }} defaults
 * @property {(c: Pick<AlertContext, "scraped" | "mode">) => boolean} applies Which servers get it: those whose own
 *   metrics it reads need a scrape, the MCPServer one needs mode mcpserver.
 * @property {(c: AlertContext, a: AlertSettings) => string} expr
 * @property {(c: AlertContext, a: AlertSettings) => string} summary
 * @property {(c: AlertContext, a: AlertSettings, pod?: string) => string} description `pod` is given for the alerts
 *   whose expression keeps the pod label.
 */

/** Restarts are counted over this window for the crash-looping alert. */
export const RESTART_WINDOW = "15m";

/** @param {number} ratio */
const percent = (ratio) => `${Number((ratio * 100).toFixed(4))}%`;

/**
 * The threshold of an alert that has one: every alert but `unavailable`, whose defaults give it.
 * @param {AlertSettings} settings
 */
export function threshold(settings) {
  if (settings.threshold === undefined) throw new Error("this alert has no threshold");
  return settings.threshold;
}

/**
 * Each alert: `measure` (what the threshold applies to, for the README), `defaults` (severity per profile), `expr(c, a)` with c = alertContext() and a = the effective
 * settings, `summary`/`description(c, a, pod)` where `pod` is a Prometheus template in the rule and a pod name in
 * the test's expected annotations.
 * @type {Alert[]}
 */
export const ALERTS = [
  {
    key: "errorRate",
    alert: "MCPServerHighErrorRate",
    measure: "failing requests / all requests",
    applies: (c) => c.scraped,
    defaults: { threshold: 0.1, for: "5m", severity: { prod: "critical", dev: "warning" } },
    expr: (c, a) => {
      const m = c.metrics;
      return `sum(rate(${m.requests}{${c.app}, ${m.errorMatcher}}[${RATE_WINDOW}])) / sum(rate(${m.requests}{${c.app}}[${RATE_WINDOW}])) > ${a.threshold}`;
    },
    summary: (c, a) => `${c.server} in ${c.environment}: more than ${percent(threshold(a))} of requests fail`,
    description: (c, a) =>
      `More than ${percent(threshold(a))} of the requests to ${c.server} in namespace ${c.namespace} have failed for ${a.for}.`,
  },
  {
    key: "latency",
    alert: "MCPServerHighLatency",
    measure: "p95 request duration, seconds",
    applies: (c) => c.scraped,
    defaults: { threshold: 1, for: "5m", severity: { prod: "warning", dev: "warning" } },
    expr: (c, a) =>
      `histogram_quantile(0.95, sum by (le) (rate(${c.metrics.duration}{${c.app}}[${RATE_WINDOW}]))) > ${a.threshold}`,
    summary: (c, a) => `${c.server} in ${c.environment}: p95 latency above ${a.threshold}s`,
    description: (c, a) =>
      `The 95th percentile of request durations of ${c.server} in namespace ${c.namespace} has been above ${a.threshold}s for ${a.for}.`,
  },
  {
    key: "cpu",
    alert: "MCPServerHighCPU",
    measure: "CPU usage / limit, per pod",
    applies: () => true,
    defaults: { threshold: 0.8, for: "10m", severity: { prod: "warning", dev: "warning" } },
    expr: (c, a) =>
      `sum by (pod) (rate(container_cpu_usage_seconds_total{${c.pods}, ${c.container}}[${RATE_WINDOW}])) / sum by (pod) (kube_pod_container_resource_limits{${c.pods}, ${c.container}, resource="cpu"}) > ${a.threshold}`,
    summary: (c, a) =>
      `${c.server} in ${c.environment}: a pod uses more than ${percent(threshold(a))} of its CPU limit`,
    description: (c, a, pod) =>
      `Pod ${pod} of ${c.server} in namespace ${c.namespace} has used more than ${percent(threshold(a))} of its CPU limit for ${a.for}; it is being throttled or close to it.`,
  },
  {
    key: "memory",
    alert: "MCPServerHighMemory",
    measure: "memory working set / limit, per pod",
    applies: () => true,
    defaults: { threshold: 0.9, for: "10m", severity: { prod: "warning", dev: "warning" } },
    expr: (c, a) =>
      `sum by (pod) (container_memory_working_set_bytes{${c.pods}, ${c.container}}) / sum by (pod) (kube_pod_container_resource_limits{${c.pods}, ${c.container}, resource="memory"}) > ${a.threshold}`,
    summary: (c, a) =>
      `${c.server} in ${c.environment}: a pod uses more than ${percent(threshold(a))} of its memory limit`,
    description: (c, a, pod) =>
      `Pod ${pod} of ${c.server} in namespace ${c.namespace} has used more than ${percent(threshold(a))} of its memory limit for ${a.for}; it is at risk of being OOM-killed.`,
  },
  {
    key: "crashLooping",
    alert: "MCPServerCrashLooping",
    measure: "restarts in 15m per pod (or the pod not ready)",
    applies: () => true,
    defaults: { threshold: 3, for: "10m", severity: { prod: "warning", dev: "warning" } },
    // A crash-looping container also shows as a pod that is not ready, but one that restarts fast may not.
    expr: (c, a) =>
      `sum by (pod) (increase(kube_pod_container_status_restarts_total{${c.pods}, ${c.container}}[${RESTART_WINDOW}])) > ${a.threshold} or sum by (pod) (kube_pod_status_ready{${c.pods}, condition="false"}) > 0`,
    summary: (c) => `${c.server} in ${c.environment}: a pod is crash looping or not ready`,
    description: (c, a, pod) =>
      `Pod ${pod} of ${c.server} in namespace ${c.namespace} has restarted more than ${a.threshold} times in ${RESTART_WINDOW} or has not been ready, for ${a.for}.`,
  },
  {
    key: "unavailable",
    alert: "MCPServerUnavailable",
    measure: "no instance answers (up), or none available (kube-state-metrics) without a scrape",
    applies: () => true,
    defaults: { for: "2m", severity: { prod: "critical", dev: "warning" } },
    // `or vector(0)`: no target at all (every pod gone, or none scraped) is as unavailable as every target down.
    // Without a scrape, the Deployment's available replicas (kagent names its Deployment after the server too).
    expr: (c) =>
      c.scraped
        ? `(sum(up{${c.app}}) or vector(0)) == 0`
        : `(sum(${c.workload.metric}{${c.deployment}}) or vector(0)) == 0`,
    summary: (c) => `${c.server} in ${c.environment} is unavailable`,
    description: (c, a) =>
      c.scraped
        ? `No instance of ${c.server} in namespace ${c.namespace} has answered Prometheus for ${a.for}.`
        : `No pod of ${c.server} in namespace ${c.namespace} has been available for ${a.for}.`,
  },
  {
    key: "toolCallErrors",
    alert: "MCPServerToolCallErrors",
    measure: "failing tool calls / all tool calls",
    applies: (c) => c.scraped,
    defaults: { threshold: 0.1, for: "10m", severity: { prod: "warning", dev: "warning" } },
    expr: (c, a) => {
      const m = c.metrics;
      return `sum(rate(${m.toolCalls}{${c.app}, ${m.toolErrorMatcher}}[${RATE_WINDOW}])) / sum(rate(${m.toolCalls}{${c.app}}[${RATE_WINDOW}])) > ${a.threshold}`;
    },
    summary: (c, a) => `${c.server} in ${c.environment}: more than ${percent(threshold(a))} of MCP tool calls fail`,
    description: (c, a) =>
      `More than ${percent(threshold(a))} of the MCP tool calls to ${c.server} in namespace ${c.namespace} have returned errors for ${a.for}.`,
  },
  {
    key: "notReady",
    alert: "MCPServerNotReady",
    measure: "the MCPServer's Ready condition is False (kube-state-metrics custom-resource state)",
    applies: (c) => c.mode === "mcpserver",
    defaults: { for: "10m", severity: { prod: "warning", dev: "warning" } },
    // Keyed on type only: the reason label changes value (NotAvailable, PodsNotReady...) and would start new series.
    expr: (c) => `sum(kagent_mcpserver_status_condition{${c.mcpserver}, type="Ready"}) == 0`,
    summary: (c) => `${c.server} in ${c.environment}: kagent reports the MCPServer not Ready`,
    description: (c, a) =>
      `The MCPServer ${c.server} in namespace ${c.namespace} has not been Ready for ${a.for}: kmcp could not accept, deploy or start it. See kubectl describe mcpserver ${c.server} -n ${c.namespace}.`,
  },
];

/**
 * An alert's settings in an environment: the environment's overrides over the catalogue's defaults.
 * @param {Alert} alert
 * @param {ResolvedEnvironment} env
 * @returns {AlertSettings}
 */
export function alertSettings(alert, env) {
  /** @type {Partial<AlertSettings>} every override, the one without a threshold included */
  const override = env.alerts?.[alert.key] ?? {};
  const { defaults } = alert;
  return {
    enabled: override.enabled ?? true,
    threshold: override.threshold ?? defaults.threshold,
    for: override.for ?? defaults.for,
    severity: override.severity ?? defaults.severity[env.profile] ?? "warning",
  };
}

/**
 * The alerts that apply: enabled ones, for this kind of server when one is given, and no availability alert where
 * the server is scaled to zero on purpose.
 * @param {ResolvedEnvironment} env
 * @param {Pick<AlertContext, "scraped" | "mode">} [c]
 */
export function activeAlerts(env, c) {
  return ALERTS.map((alert) => ({ alert, settings: alertSettings(alert, env) })).filter(
    ({ alert, settings }) =>
      settings.enabled && (!c || alert.applies(c)) && !(alert.key === "unavailable" && env.replicas === 0),
  );
}

/**
 * The labels every alert of this server and environment carries, for routing in Alertmanager.
 * @param {AlertContext} c
 * @param {AlertSettings} settings
 */
export function alertLabels(c, settings) {
  return { severity: settings.severity, server: c.server, environment: c.environment, namespace: c.namespace };
}

/**
 * @param {AlertContext} c
 * @param {Alert} alert
 * @param {AlertSettings} settings
 * @param {string} [pod] A pod name, or the rule's template for it; none for an alert without a pod label.
 */
export function alertAnnotations(c, alert, settings, pod) {
  return {
    summary: alert.summary(c, settings),
    description: alert.description(c, settings, pod),
    runbook_url: c.runbook(alert.alert),
  };
}

/**
 * The Prometheus rule file (`groups:`) for one server in one environment.
 * @param {ResolvedAnswers} answers
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 */
export function alertRuleFile(answers, server, env) {
  const c = alertContext(answers, server, env);
  const rules = activeAlerts(env, c).map(({ alert, settings }) => ({
    alert: alert.alert,
    expr: alert.expr(c, settings),
    for: settings.for,
    labels: alertLabels(c, settings),
    annotations: alertAnnotations(c, alert, settings, "{{ $labels.pod }}"),
  }));
  return { groups: [{ name: `mcp-server.${server.name}`, rules }] };
}
