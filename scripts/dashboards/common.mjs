// @ts-check
// Shared parts of the MCP-server dashboards: template variables, selectors and the finishing touches every
// dashboard gets. The chart (templates/_monitoring.tpl) fills in the hidden constants per release: the server's
// name, its metric names and matchers, so one dashboard file fits every server.
import { readFileSync } from "node:fs";
import {
  ConstantVariableBuilder,
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder, PromQueryFormat } from "@grafana/grafana-foundation-sdk/prometheus";
import { parse } from "yaml";
import { CONTAINER } from "../../blueprints/mcp-gitops/lib/monitoring.mjs";
/** @import { Dashboard, DataSourceRef, Panel, RowPanel } from "@grafana/grafana-foundation-sdk/dashboard" */
/** @import { ResolvedAnswers } from "create-mcp-gitops" */

/** @typedef {{ expr: string, legend: string, instant?: boolean }} Query */

/** Every panel and variable queries through the datasource variable, never a datasource pinned by uid. */
export const DATASOURCE = { type: "prometheus", uid: "${datasource}" };

/** The server's own series (scraped through its ServiceMonitor, which adds `environment`). */
export const APP = 'job="$server", namespace="$namespace", environment="$environment"';
/**
 * The server's containers, as cAdvisor and kube-state-metrics label them: <server>-<hash>-<id>, and Flagger's primary
 * <server>-primary-<hash>-<id> for a server it rolls out.
 */
export const PODS = `namespace="$namespace", pod=~"$server(-primary)?-[a-z0-9]+-[a-z0-9]+", container="${CONTAINER}"`;
/** Alerts of the server's PrometheusRule carry these labels. */
export const ALERTS = 'server="$server", namespace="$namespace"';

const CHART = new URL("../../blueprints/mcp-gitops/files/common/charts/mcp-server/", import.meta.url);
/** @param {string} file */
const chartFile = (file) => parse(readFileSync(new URL(file, CHART), "utf8"));

/**
 * Hidden constants, replaced per release by the chart (templates/_monitoring.tpl); their values here are read from
 * the chart itself: its name and its default metric names in values.yaml (whose source is the answers schema's
 * METRIC_DEFAULTS, see test/blueprint-contract.test.ts).
 */
function constants() {
  /** @type {{ name: string }} */
  const chart = chartFile("Chart.yaml");
  /** @type {{ monitoring: { metrics: Omit<ResolvedAnswers["monitoring"]["metrics"], "path" | "port"> } }} */
  const values = chartFile("values.yaml");
  const m = values.monitoring.metrics;
  /** @type {{ monitoring: { dashboards: { slo: number } } }} */
  const { monitoring } = chartFile("values.yaml");
  return {
    server: chart.name,
    requests_metric: m.requests,
    duration_metric: m.duration,
    tool_calls_metric: m.toolCalls,
    error_matcher: m.errorMatcher,
    tool_label: m.toolLabel,
    tool_error_matcher: m.toolErrorMatcher,
    tool_duration_metric: m.toolDuration,
    k8s_api_metric: m.k8sApiCalls,
    slo: String(monitoring.dashboards.slo),
  };
}

/**
 * A Prometheus query; refIds are assigned in order by `panelQueries`.
 * @param {string} expr
 * @returns {Query}
 */
export function query(expr, legend = "__auto") {
  return { expr, legend };
}

/**
 * A query Grafana evaluates once, at the end of the range, as a table (for a panel that ranks).
 * @param {string} expr
 * @returns {Query}
 */
export function instantQuery(expr, legend = "__auto") {
  return { expr, legend, instant: true };
}

/**
 * Adds queries to a panel builder with refIds A, B, C, ...
 * @template {{ withTarget(target: DataqueryBuilder): P, datasource(datasource: DataSourceRef): P }} P
 * @param {P} panel
 * @param {...Query} queries
 * @returns {P}
 */
export function panelQueries(panel, ...queries) {
  queries.forEach(({ expr, legend, instant }, index) => {
    const target = new DataqueryBuilder()
      .expr(expr)
      .legendFormat(legend)
      .refId(String.fromCharCode(65 + index));
    if (instant) target.instant().format(PromQueryFormat.Table);
    panel.withTarget(target);
  });
  return panel.datasource(DATASOURCE);
}

/**
 * A dashboard with the datasource, environment and namespace variables and the hidden constants.
 * @param {string} kind
 * @param {string} title
 * @param {string} description
 */
export function mcpDashboard(kind, title, description) {
  const builder = new DashboardBuilder(title)
    .uid(`mcp-server-${kind}`)
    .description(description)
    .tags(["mcp", "mcp-server"])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh("1m")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .link(
      new DashboardLinkBuilder("MCP servers")
        .type(DashboardLinkType.Dashboards)
        .tags(["mcp-server"])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    )
    .withVariable(new DatasourceVariableBuilder("datasource").label("Data source").type("prometheus"))
    .withVariable(
      new QueryVariableBuilder("environment")
        .label("Environment")
        .datasource(DATASOURCE)
        .query('label_values(up{job="$server"}, environment)')
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .sort(VariableSort.AlphabeticalAsc),
    )
    .withVariable(
      new QueryVariableBuilder("namespace")
        .label("Namespace")
        .datasource(DATASOURCE)
        .query('label_values(up{job="$server", environment="$environment"}, namespace)')
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .sort(VariableSort.AlphabeticalAsc),
    );
  for (const [name, value] of Object.entries(constants()))
    builder.withVariable(new ConstantVariableBuilder(name).value(value));
  return builder;
}

/**
 * Builds the dashboard and numbers every panel (rows and their panels included) from 1, in layout order.
 * @param {DashboardBuilder} builder
 * @returns {Dashboard}
 */
export function finish(builder) {
  const dashboard = builder.build();
  let id = 0;
  const number = (/** @type {(Panel | RowPanel)[] | undefined} */ panels) => {
    for (const panel of panels ?? []) {
      panel.id = ++id;
      number("panels" in panel ? panel.panels : undefined);
    }
  };
  number(dashboard.panels);
  dashboard.annotations = { list: [] };
  return dashboard;
}
