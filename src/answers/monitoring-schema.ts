/**
 * Observability answers: what Prometheus scrapes and how it selects the objects, the metric names the alerts and
 * dashboards query (servers differ, so each has a documented default and a per-server override), where dashboards go,
 * and per-environment alert overrides. Alert defaults live in the blueprint (lib/alerts.mjs), so only what a user
 * overrides is recorded; `--set environments.prod.alerts.errorRate.threshold=0.05` walks these strict objects.
 */
import * as z from "./zod.js";
import { re2 } from "./credentials.js";
import { labelKey, labelValue as labelText, line, port, urlPath, oneOf } from "./rules.js";

export const DASHBOARD_PROVIDERS = ["sidecar", "grafana-operator"] as const;
export const SEVERITIES = ["critical", "warning", "info"] as const;

// Prometheus durations: units largest first, as its parser requires (1h30m, not 30m1h).
const PROM_DURATION = /^(?=\d)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
const MATCHER = /^([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)"((?:[^"\\\n]|\\.)*)"$/;
/**
 * Label values tried when the blueprint writes alert unit tests: one must match an error matcher and one must not.
 * A copy: the source is SAMPLE_VALUES in the bundled blueprint's lib/alert-tests.mjs, which writes them into the
 * tests and so must keep its own list per blueprint version; a blueprint cannot import from here, nor this from it.
 * test/blueprint-contract.test.ts keeps the two equal.
 */
export const SAMPLE_VALUES = [
  "500",
  "503",
  "502",
  "504",
  "error",
  "failure",
  "failed",
  "fail",
  "false",
  "true",
  "1",
  "0",
  "200",
  "201",
  "204",
  "ok",
  "success",
  "succeeded",
  "none",
];

// `--set monitoring.labels.grafana_dashboard=1` types 1 as a number; a label value is its text.
const labelValue = z
  .union([z.string(), z.number(), z.boolean()], { error: "must be a label value" })
  .transform((value) => String(value))
  .pipe(labelText);
const labels = z.record(labelKey, labelValue, { error: "must be a mapping of label names to values" });

const metricName = z
  .string({ error: "must be a Prometheus metric name" })
  .max(200)
  .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, { error: "must be a Prometheus metric name such as http_requests_total" });
const histogramBuckets = metricName.regex(/_bucket$/, {
  error: "must name a histogram's _bucket series, e.g. http_request_duration_seconds_bucket",
});
const labelName = z
  .string()
  .max(100)
  .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { error: "must be a Prometheus label name such as tool" });
const matcher = z
  .string({ error: "must be a label matcher" })
  .max(300, { error: "must be at most 300 characters" })
  .superRefine((value, ctx) => {
    const syntax = regexProblem(value);
    if (syntax) ctx.addIssue({ code: "custom", message: syntax });
    else if (matcherSamples(value) === undefined)
      ctx.addIssue({
        code: "custom",
        message: `must be one Prometheus label matcher such as code=~"5.." or status="error", that one of ${SAMPLE_VALUES.join(", ")} matches and another does not (the generated alert tests use them)`,
      });
  });

/**
 * A regular expression is checked as Prometheus reads it — RE2 syntax — and run on re2js, a linear-time engine, never
 * on JavaScript's backtracking one: `(a+)+$` takes as long as `a+` (issue 19: it used to hang the check).
 */
function regexProblem(text: string): string | undefined {
  const parsed = MATCHER.exec(text);
  if (!parsed?.[2]?.includes("~")) return undefined;
  try {
    re2().compile(`^(?:${JSON.parse(`"${parsed[3]}"`) as string})$`);
    return undefined;
  } catch (error) {
    const reason = String((error as Error).message ?? error).split("\n")[0];
    return `has a regular expression that is not RE2 syntax, which Prometheus uses (${reason})`;
  }
}

/** A Prometheus duration such as 5m or 1h30m, from 0s to 24h. */
export const promDuration = z
  .string({ error: "must be a duration such as 5m" })
  .regex(PROM_DURATION, { error: "must be a Prometheus duration such as 30s, 5m or 1h30m (units largest first)" })
  .refine((value) => durationSeconds(value) <= 86_400, { error: "must be at most 24h" });

/** Where the metrics are served and what they are called. Every field is an answer with a documented default. */
const METRIC_FIELDS = {
  /** Path of the Prometheus endpoint. */
  path: urlPath,
  /** Port of the Prometheus endpoint; default: the MCP port. */
  port,
  /** Request counter; its error series are those `errorMatcher` selects. */
  requests: metricName,
  /** Request-duration histogram buckets (seconds). */
  duration: histogramBuckets,
  /** MCP tool-call counter, labelled by tool. */
  toolCalls: metricName,
  /**
   * Tool-call duration histogram buckets (seconds), labelled by tool like the counter. No convention exists; servers
   * following OpenTelemetry's MCP conventions export mcp_server_operation_duration_seconds_bucket labelled
   * gen_ai_tool_name (then set toolLabel too).
   */
  toolDuration: histogramBuckets,
  /** Kubernetes API calls the server makes (servers with rbac), labelled verb and code. */
  k8sApiCalls: metricName,
  errorMatcher: matcher,
  toolLabel: labelName,
  toolErrorMatcher: matcher,
};

/**
 * The one source of the default metric names and endpoint path: the schema resolves them into `monitoring.metrics`,
 * `.mcp-gitops.yaml` records them, and the blueprint reads them from the answers. The bundled chart's values.yaml
 * restates them for the chart used on its own (and scripts/dashboards builds the dashboards' placeholders from it);
 * test/blueprint-contract.test.ts checks that copy against this one.
 */
export const METRIC_DEFAULTS = {
  path: "/metrics",
  requests: "http_requests_total",
  duration: "http_request_duration_seconds_bucket",
  toolCalls: "mcp_tool_calls_total",
  toolDuration: "mcp_tool_call_duration_seconds_bucket",
  k8sApiCalls: "k8s_api_calls_total",
  errorMatcher: 'code=~"5.."',
  toolLabel: "tool",
  toolErrorMatcher: 'status="error"',
} as const;

export const MetricsSchema = z.strictObject({
  path: METRIC_FIELDS.path.default(METRIC_DEFAULTS.path),
  port: METRIC_FIELDS.port.optional(),
  requests: METRIC_FIELDS.requests.default(METRIC_DEFAULTS.requests),
  duration: METRIC_FIELDS.duration.default(METRIC_DEFAULTS.duration),
  toolCalls: METRIC_FIELDS.toolCalls.default(METRIC_DEFAULTS.toolCalls),
  toolDuration: METRIC_FIELDS.toolDuration.default(METRIC_DEFAULTS.toolDuration),
  k8sApiCalls: METRIC_FIELDS.k8sApiCalls.default(METRIC_DEFAULTS.k8sApiCalls),
  errorMatcher: METRIC_FIELDS.errorMatcher.default(METRIC_DEFAULTS.errorMatcher),
  toolLabel: METRIC_FIELDS.toolLabel.default(METRIC_DEFAULTS.toolLabel),
  toolErrorMatcher: METRIC_FIELDS.toolErrorMatcher.default(METRIC_DEFAULTS.toolErrorMatcher),
});

/**
 * Whether a server serves Prometheus metrics, and its own endpoint and metric names over `monitoring.metrics`. A server
 * without this answer serves none (most MCP servers do not, the reference server included): it gets no scrape and
 * none of the alerts that read its metrics, which would only fire. Giving `metrics` means it serves them, unless
 * `enabled: false`.
 */
export const ServerMetricsSchema = z.strictObject({
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  path: METRIC_FIELDS.path.optional(),
  port: METRIC_FIELDS.port.optional(),
  requests: METRIC_FIELDS.requests.optional(),
  duration: METRIC_FIELDS.duration.optional(),
  toolCalls: METRIC_FIELDS.toolCalls.optional(),
  toolDuration: METRIC_FIELDS.toolDuration.optional(),
  k8sApiCalls: METRIC_FIELDS.k8sApiCalls.optional(),
  errorMatcher: METRIC_FIELDS.errorMatcher.optional(),
  toolLabel: METRIC_FIELDS.toolLabel.optional(),
  toolErrorMatcher: METRIC_FIELDS.toolErrorMatcher.optional(),
});

export const DashboardsSchema = z.strictObject({
  enabled: z.boolean({ error: "must be true or false" }).default(true),
  /** sidecar: ConfigMaps labelled grafana_dashboard: "1" (kube-prometheus-stack); grafana-operator: GrafanaDashboard. */
  provider: oneOf(DASHBOARD_PROVIDERS).default("sidecar"),
  folder: line(100).min(1, { error: "must not be empty" }).default("MCP servers"),
  /** grafana-operator: matchLabels of the Grafana instances that import the dashboards. */
  instanceSelector: labels.default({ dashboards: "grafana" }),
  /** The availability objective the performance dashboard burns its error budget against, e.g. 0.99. */
  slo: z
    .number({ error: "must be a ratio such as 0.99" })
    .gt(0, { error: "must be a ratio between 0 and 1, e.g. 0.99" })
    .lt(1, { error: "must be a ratio between 0 and 1, e.g. 0.99" })
    .default(0.99),
});

export const MonitoringSchema = z.strictObject({
  enabled: z.boolean({ error: "must be true or false" }).default(true),
  /** Labels on the ServiceMonitor and PrometheusRule that the Prometheus selects them by. */
  labels: labels.default({ release: "kube-prometheus-stack" }),
  /** Namespace Prometheus runs in: the network policy lets it scrape. */
  prometheusNamespace: z
    .string()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: "must be a namespace name (DNS-1123 label)" })
    .default("monitoring"),
  scrapeInterval: promDuration.default("30s"),
  scrapeTimeout: promDuration.default("10s"),
  /**
   * The Prometheus that canary and blue-green analyses query; default: kube-prometheus-stack's in
   * prometheusNamespace.
   */
  prometheusUrl: line(512)
    .regex(/^https?:\/\/[^\s"{}]+$/, { error: "must be an http(s) URL such as http://prometheus.monitoring:9090" })
    .optional(),
  metrics: MetricsSchema.prefault({}),
  dashboards: DashboardsSchema.prefault({}),
  /** Runbook links become <runbookBaseUrl>/<alertname in lower case>; default: docs/runbooks.md in the repository. */
  runbookBaseUrl: line(512)
    .regex(/^https?:\/\/[^\s"{}]+$/, { error: "must be an http(s) URL" })
    .optional(),
});

export const ratio = z
  .number({ error: "must be a ratio between 0 and 1, e.g. 0.1 for 10%" })
  .gt(0, { error: "must be a ratio between 0 and 1, e.g. 0.1 for 10%" })
  .lt(1, { error: "must be a ratio between 0 and 1, e.g. 0.1 for 10%" });
export const seconds = z
  .number({ error: "must be a number of seconds, e.g. 1 or 0.5" })
  .gt(0, { error: "must be more than 0 seconds" })
  .max(3600);
const restarts = z
  .number({ error: "must be a whole number of restarts" })
  .int({ error: "must be a whole number of restarts" })
  .min(1)
  .max(1000);

function alertOverride<T extends z.ZodType>(threshold?: T) {
  const common = {
    enabled: z.boolean({ error: "must be true or false" }).optional(),
    for: promDuration.optional(),
    severity: oneOf(SEVERITIES).optional(),
  };
  return (
    threshold ? z.strictObject({ ...common, threshold: threshold.optional() }) : z.strictObject(common)
  ).optional();
}

/** One environment's overrides of the blueprint's alert defaults; omitted fields keep the default. */
export const AlertOverridesSchema = z.strictObject({
  errorRate: alertOverride(ratio),
  latency: alertOverride(seconds),
  cpu: alertOverride(ratio),
  memory: alertOverride(ratio),
  crashLooping: alertOverride(restarts),
  unavailable: alertOverride(),
  toolCallErrors: alertOverride(ratio),
  /** Mode mcpserver: the MCPServer's Ready condition, from kube-state-metrics. */
  notReady: alertOverride(),
});

export type Monitoring = z.output<typeof MonitoringSchema>;
export type AlertOverrides = z.output<typeof AlertOverridesSchema>;

/** Seconds in a Prometheus duration that PROM_DURATION accepted. */
export function durationSeconds(value: string): number {
  const units: Record<string, number> = { y: 31_536_000, w: 604_800, d: 86_400, h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += Number(amount) * units[unit!]!;
  return total;
}

/** A label value the matcher selects and one it does not, or undefined when the sample values cannot show both. */
export function matcherSamples(text: string): { label: string; matching: string; other: string } | undefined {
  const parsed = MATCHER.exec(text);
  if (!parsed) return undefined;
  const [, label, op, raw] = parsed as unknown as [string, string, string, string];
  let value: string;
  let test: (candidate: string) => boolean;
  try {
    value = JSON.parse(`"${raw}"`) as string;
    const regex = op.includes("~") ? re2().compile(`^(?:${value})$`) : undefined;
    const positive = op === "=" || op === "=~";
    test = (candidate) => (regex ? regex.matches(candidate) : candidate === value) === positive;
  } catch {
    return undefined;
  }
  // A literal is the natural sample for = and !=; a regex's own text is not a value anyone would emit.
  const pool = op.includes("~") ? [...SAMPLE_VALUES, value] : [value, ...SAMPLE_VALUES];
  const matching = pool.find(test);
  const other = pool.find((candidate) => !test(candidate));
  return matching === undefined || other === undefined ? undefined : { label, matching, other };
}
