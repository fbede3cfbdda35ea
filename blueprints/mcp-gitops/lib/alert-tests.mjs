// @ts-check
// `promtool test rules` files for the rules of alerts.mjs. Every alert gets a series history that fires it (and is
// checked to be still pending before its `for` has passed) and one that stays quiet. Values are derived from the
// thresholds: firing above, quiet below, so a changed threshold changes its test. The quiet histories also feed
// alarming series of a sibling server (`<server>-canary`) and of the same server in another namespace, which
// proves the rule's selectors pick only this server in this environment.
import { linearMatcher } from "./linear-regex.mjs";
/** @import { BundledServer, ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */
/** @import { AlertKey, AlertSettings } from "./alerts.mjs" */
/** @import { AlertContext } from "./monitoring.mjs" */
import { activeAlerts, alertAnnotations, alertLabels, threshold } from "./alerts.mjs";
import { alertContext, CONTAINER } from "./monitoring.mjs";

/** @typedef {Record<string, string>} Labels */
/** @typedef {{ series: string, values: string }} InputSeries One series of a promtool test, in its expanding notation. */
/** @typedef {ReturnType<typeof seriesKit>} SeriesKit */
/**
 * A history of series and the pods the alert fires for after it (undefined: the alert has no pod label).
 * @typedef {{ name: string, series: InputSeries[], fires: (string | undefined)[] }} Scenario
 */
/** @typedef {(c: AlertContext, a: AlertSettings, k: SeriesKit) => Scenario[]} Scenarios */

// The source of the label values the tests use. The answers schema (src/answers/monitoring-schema.ts) keeps a copy,
// checked against this one by test/blueprint-contract.test.ts: it accepts a matcher only when two of these show it
// selecting one value and not another.
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
// The same values, the likeliest non-errors first, so a test's healthy series reads code="200" or status="ok".
const HEALTHY_FIRST = ["200", "ok", "success", "succeeded", "true", "0", "201", "204", "none", ...SAMPLE_VALUES];
const MATCHER = /^([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)"((?:[^"\\\n]|\\.)*)"$/;
const MEMORY_LIMIT = 1073741824;
const STEP_MINUTES = 1;

/**
 * A label value the matcher selects and one it does not.
 * @param {string} text
 */
export function matcherSamples(text) {
  const [, label, op, raw] = MATCHER.exec(text) ?? [];
  if (!label) throw new Error(`not a label matcher: ${text}`);
  /** @type {string} */
  const value = JSON.parse(`"${raw}"`);
  // Never JavaScript's backtracking RegExp: the expression is the user's (see linear-regex.mjs).
  const regex = op.includes("~") ? linearMatcher(value) : undefined;
  const positive = op === "=" || op === "=~";
  const test = (/** @type {string} */ candidate) => (regex ? regex(candidate) : candidate === value) === positive;
  const pool = op.includes("~") ? [...SAMPLE_VALUES, value] : [value, ...SAMPLE_VALUES];
  const matching = pool.find(test);
  const numeric = (/** @type {string} */ candidate) => /^\d+$/.test(candidate);
  const others = [...HEALTHY_FIRST, value].filter((candidate) => !test(candidate));
  const other = others.find((candidate) => numeric(candidate) === numeric(matching ?? "")) ?? others[0];
  if (matching === undefined || other === undefined) throw new Error(`no sample values for the matcher ${text}`);
  return { label, matching, other };
}

// Whole numbers as they are: toFixed would only turn them into text and back.
const round = (/** @type {number} */ value) => (Number.isInteger(value) ? value : Number(value.toFixed(6)));
/**
 * A series selector: `labels`, then `extra` (fixed matchers of labels `labels` never has, see matchers()).
 * @param {string} metric
 * @param {Labels} labels
 * @param {string} [extra]
 */
const selector = (metric, labels, extra) => {
  // A loop rather than entries().map().join(): a fleet builds hundreds of thousands of these.
  let text = "";
  for (const name in labels) text += `${text === "" ? "" : ", "}${name}=${JSON.stringify(labels[name])}`;
  return `${metric}{${extra === undefined ? text : text === "" ? extra : `${text}, ${extra}`}}`;
};

/**
 * Fixed labels as matchers, written once: what `{ ...labels, ...fixed }` would add to a selector.
 * @param {Labels} fixed
 */
const matchers = (fixed) => selector("", fixed).slice(1, -1);

const IN_CONTAINER = matchers({ container: CONTAINER });
const CPU_LIMIT = matchers({ container: CONTAINER, resource: "cpu", unit: "core" });
const MEMORY_LIMIT_OF = matchers({ container: CONTAINER, resource: "memory", unit: "byte" });
const READY = matchers({ condition: "true" });
const NOT_READY = matchers({ condition: "false" });
const ACCEPTED = matchers({ type: "Accepted", reason: "Accepted" });
const AVAILABLE = matchers({ type: "Ready", reason: "Available" });
const NOT_AVAILABLE = matchers({ type: "Ready", reason: "NotAvailable" });
const INFINITE_BUCKET = matchers({ le: "+Inf" });

/**
 * Series helpers over `samples` points, one a minute; `extra` as in selector().
 * @param {number} samples
 */
function seriesKit(samples) {
  return {
    /** @type {(metric: string, labels: Labels, perMinute: number, start?: number, extra?: string) => InputSeries} */
    counter: (metric, labels, perMinute, start = 0, extra = undefined) => ({
      series: selector(metric, labels, extra),
      values: `${round(start)}+${round(perMinute)}x${samples}`,
    }),
    /** @type {(metric: string, labels: Labels, value: number, extra?: string) => InputSeries} */
    gauge: (metric, labels, value, extra = undefined) => ({
      series: selector(metric, labels, extra),
      values: `${round(value)}+0x${samples}`,
    }),
  };
}

/** @type {WeakMap<AlertContext, ReturnType<typeof whose>>} */
const TARGETS = new WeakMap();

/**
 * Who the series belong to: this server, a sibling whose name starts the same, the same server elsewhere. Every
 * alert's scenarios ask; a file's context answers once.
 * @param {AlertContext} c
 */
function targets(c) {
  const known = TARGETS.get(c);
  if (known) return known;
  const found = whose(c);
  TARGETS.set(c, found);
  return found;
}

/** @param {AlertContext} c */
function whose(c) {
  const pod = (/** @type {string} */ name, /** @type {string} */ suffix) => `${name}-5f7b8c9d6-${suffix}`;
  return {
    app: { namespace: c.namespace, job: c.server },
    sibling: { namespace: c.namespace, job: `${c.server}-canary` },
    elsewhere: { namespace: `${c.namespace}-elsewhere`, job: c.server },
    podA: { namespace: c.namespace, pod: pod(c.server, "x2k4p") },
    podB: { namespace: c.namespace, pod: pod(c.server, "q7w9z") },
    siblingPod: { namespace: c.namespace, pod: pod(`${c.server}-canary`, "m3n5r") },
    elsewherePod: { namespace: `${c.namespace}-elsewhere`, pod: pod(c.server, "x2k4p") },
    deployment: { namespace: c.namespace, [c.workload.label]: c.server },
    siblingDeployment: { namespace: c.namespace, [c.workload.label]: `${c.server}-canary` },
    elsewhereDeployment: { namespace: `${c.namespace}-elsewhere`, [c.workload.label]: c.server },
    mcpserver: { namespace: c.namespace, name: c.server },
    siblingMcpserver: { namespace: c.namespace, name: `${c.server}-canary` },
    elsewhereMcpserver: { namespace: `${c.namespace}-elsewhere`, name: c.server },
  };
}

const above = (/** @type {number} */ t) => Math.min(t * 1.5, (1 + t) / 2);
const below = (/** @type {number} */ t) => t / 2;
const percent = (/** @type {number} */ ratio) => `${Number((ratio * 100).toFixed(4))}%`;

/**
 * Scenarios per alert: { name, series, fires: [pod | undefined] }.
 * @type {Record<AlertKey, Scenarios>}
 */
const SCENARIOS = {
  errorRate: (c, a, k) => ratioScenarios(c, a, k, c.metrics.requests, c.metrics.errorMatcher, {}, "requests fail"),
  toolCallErrors: (c, a, k) =>
    ratioScenarios(
      c,
      a,
      k,
      c.metrics.toolCalls,
      c.metrics.toolErrorMatcher,
      { [c.metrics.toolLabel]: "search" },
      "tool calls fail",
    ),
  latency: (c, a, k) => {
    const t = targets(c);
    const seconds = threshold(a);
    const bounds = [seconds / 2, seconds, seconds * 2];
    const histogram = (/** @type {Labels} */ labels, /** @type {boolean} */ slow) => [
      ...bounds.map((le) =>
        k.counter(c.metrics.duration, labels, slow && le <= seconds ? 0 : 60, 0, matchers({ le: String(round(le)) })),
      ),
      k.counter(c.metrics.duration, labels, 60, 0, INFINITE_BUCKET),
    ];
    return [
      {
        name: `fires when every request takes between ${seconds}s and ${2 * seconds}s`,
        series: histogram(t.app, true),
        fires: [undefined],
      },
      {
        name: `stays quiet when every request takes at most ${seconds / 2}s`,
        series: [...histogram(t.app, false), ...histogram(t.sibling, true), ...histogram(t.elsewhere, true)],
        fires: [],
      },
    ];
  },
  cpu: (c, a, k) =>
    usageScenarios(c, a, k, (labels, share) => [
      k.counter("container_cpu_usage_seconds_total", labels, share * 60, 0, IN_CONTAINER),
      k.gauge("kube_pod_container_resource_limits", labels, 1, CPU_LIMIT),
    ]),
  memory: (c, a, k) =>
    usageScenarios(c, a, k, (labels, share) => [
      k.gauge("container_memory_working_set_bytes", labels, share * MEMORY_LIMIT, IN_CONTAINER),
      k.gauge("kube_pod_container_resource_limits", labels, MEMORY_LIMIT, MEMORY_LIMIT_OF),
    ]),
  crashLooping: (c, a, k) => {
    const t = targets(c);
    const restarts = threshold(a);
    /** @type {(labels: Labels, restartsPerMinute: number, ready: boolean) => InputSeries[]} */
    const pod = (labels, restartsPerMinute, ready) => [
      k.counter("kube_pod_container_status_restarts_total", labels, restartsPerMinute, 5, IN_CONTAINER),
      k.gauge("kube_pod_status_ready", labels, ready ? 1 : 0, READY),
      k.gauge("kube_pod_status_ready", labels, ready ? 0 : 1, NOT_READY),
    ];
    return [
      {
        name: `fires for a pod restarting ${restarts} times a minute and for a pod that is not ready`,
        series: [...pod(t.podA, restarts, true), ...pod(t.podB, 0, false)],
        fires: [t.podA.pod, t.podB.pod],
      },
      {
        name: "stays quiet for ready pods with only old restarts",
        series: [
          ...pod(t.podA, 0, true),
          ...pod(t.podB, 0, true),
          ...pod(t.siblingPod, restarts, false),
          ...pod(t.elsewherePod, restarts, false),
        ],
        fires: [],
      },
    ];
  },
  unavailable: (c, _a, k) => {
    const t = targets(c);
    if (!c.scraped) {
      /** @type {(labels: Labels, value: number) => InputSeries} */
      const available = (labels, value) => k.gauge(c.workload.metric, labels, value);
      return [
        {
          name: "fires when no replica is available",
          series: [available(t.deployment, 0), available(t.siblingDeployment, 2)],
          fires: [undefined],
        },
        {
          name: "fires when the Deployment is gone",
          series: [available(t.siblingDeployment, 1)],
          fires: [undefined],
        },
        {
          name: "stays quiet while one replica is available",
          series: [available(t.deployment, 1), available(t.siblingDeployment, 0), available(t.elsewhereDeployment, 0)],
          fires: [],
        },
      ];
    }
    /** @type {(labels: Labels, instance: string, value: number) => InputSeries} */
    const up = (labels, instance, value) => k.gauge("up", { ...labels, instance }, value);
    return [
      {
        name: "fires when every instance is down",
        series: [up(t.app, "10.0.0.1:8080", 0), up(t.app, "10.0.0.2:8080", 0)],
        fires: [undefined],
      },
      {
        name: "fires when no instance is scraped at all",
        series: [up(t.sibling, "10.0.0.3:8080", 1)],
        fires: [undefined],
      },
      {
        name: "stays quiet while one instance answers",
        series: [
          up(t.app, "10.0.0.1:8080", 1),
          up(t.app, "10.0.0.2:8080", 0),
          up(t.sibling, "10.0.0.3:8080", 0),
          up(t.elsewhere, "10.0.0.4:8080", 0),
        ],
        fires: [],
      },
    ];
  },
  notReady: notReadyScenarios,
};

/**
 * The MCPServer's conditions as kube-state-metrics exports them (1 = True), with the reason that changes over time.
 * @type {Scenarios}
 */
function notReadyScenarios(c, _a, k) {
  const t = targets(c);
  /** @type {(labels: Labels, ready: boolean) => InputSeries[]} */
  const conditions = (labels, ready) => [
    k.gauge("kagent_mcpserver_status_condition", labels, 1, ACCEPTED),
    k.gauge("kagent_mcpserver_status_condition", labels, ready ? 1 : 0, ready ? AVAILABLE : NOT_AVAILABLE),
  ];
  return [
    {
      name: "fires while kagent reports the MCPServer not Ready",
      series: [...conditions(t.mcpserver, false), ...conditions(t.siblingMcpserver, true)],
      fires: [undefined],
    },
    {
      name: "stays quiet while it is Ready",
      series: [
        ...conditions(t.mcpserver, true),
        ...conditions(t.siblingMcpserver, false),
        ...conditions(t.elsewhereMcpserver, false),
      ],
      fires: [],
    },
  ];
}

/**
 * @param {AlertContext} c
 * @param {AlertSettings} a
 * @param {SeriesKit} k
 * @param {string} metric The counter of all calls.
 * @param {string} matcher Selects the failed ones.
 * @param {Labels} extra Labels every series carries.
 * @param {string} what What fails, for the scenario's name.
 * @returns {Scenario[]}
 */
function ratioScenarios(c, a, k, metric, matcher, extra, what) {
  const t = targets(c);
  const s = matcherSamples(matcher);
  const limit = threshold(a);
  /** @type {(labels: Labels, failing: number) => InputSeries[]} */
  const traffic = (labels, failing) => [
    k.counter(metric, { ...labels, ...extra, [s.label]: s.matching }, failing * 1000),
    k.counter(metric, { ...labels, ...extra, [s.label]: s.other }, (1 - failing) * 1000),
  ];
  return [
    {
      name: `fires when ${percent(above(limit))} of ${what}`,
      series: traffic(t.app, above(limit)),
      fires: [undefined],
    },
    {
      name: `stays quiet when ${percent(below(limit))} of ${what}`,
      series: [...traffic(t.app, below(limit)), ...traffic(t.sibling, 1), ...traffic(t.elsewhere, 1)],
      fires: [],
    },
  ];
}

/**
 * @param {AlertContext} c
 * @param {AlertSettings} a
 * @param {SeriesKit} _k
 * @param {(labels: Labels, share: number) => InputSeries[]} usage The series of a pod using `share` of its limit.
 * @returns {Scenario[]}
 */
function usageScenarios(c, a, _k, usage) {
  const t = targets(c);
  const hot = above(threshold(a));
  const cool = below(threshold(a));
  return [
    {
      name: `fires for the pod at ${percent(hot)} of its limit, not for the one at ${percent(cool)}`,
      series: [...usage(t.podA, hot), ...usage(t.podB, cool)],
      fires: [t.podA.pod],
    },
    {
      name: `stays quiet when every pod is at ${percent(cool)} of its limit`,
      series: [
        ...usage(t.podA, cool),
        ...usage(t.podB, cool),
        ...usage(t.siblingPod, hot),
        ...usage(t.elsewherePod, hot),
      ],
      fires: [],
    },
  ];
}

/**
 * Seconds in a Prometheus duration such as 1h30m (the answers schema has checked its form).
 * @param {string} value
 */
export function durationSeconds(value) {
  /** @type {Record<string, number>} */
  const units = { y: 31536000, w: 604800, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += Number(amount) * units[unit];
  return total;
}

/**
 * The promtool test file for one server in one environment; `ruleFile` is the rule file's path relative to it.
 * @param {ResolvedAnswers} answers
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 */
export function alertTestFile(answers, server, env, ruleFile = "alerts.yaml") {
  const c = alertContext(answers, server, env);
  const tests = activeAlerts(env, c).flatMap(({ alert, settings }) => {
    const forMinutes = Math.ceil(durationSeconds(settings.for) / 60);
    // Long enough for the rate windows to fill and the `for` to pass, with margin.
    const evalMinutes = forMinutes + 20;
    const kit = seriesKit(Math.ceil(evalMinutes / STEP_MINUTES) + 5);
    return SCENARIOS[alert.key](c, settings, kit).map((scenario) => {
      const expected = (/** @type {(string | undefined)[]} */ pods) =>
        pods.map((pod) => ({
          exp_labels: { ...alertLabels(c, settings), ...(pod ? { pod } : {}) },
          exp_annotations: alertAnnotations(c, alert, settings, pod),
        }));
      const checks = [];
      if (scenario.fires.length > 0 && forMinutes > 0) {
        checks.push({ eval_time: `${forMinutes - 1}m`, alertname: alert.alert, exp_alerts: [] });
      }
      checks.push({ eval_time: `${evalMinutes}m`, alertname: alert.alert, exp_alerts: expected(scenario.fires) });
      return {
        name: `${alert.alert} ${scenario.name}`,
        interval: `${STEP_MINUTES}m`,
        input_series: scenario.series,
        alert_rule_test: checks,
      };
    });
  });
  return { rule_files: [ruleFile], evaluation_interval: `${STEP_MINUTES}m`, tests };
}
