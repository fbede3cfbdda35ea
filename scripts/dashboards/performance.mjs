// @ts-check
// Performance: latency percentiles and throughput over time, per-tool latency and call rate, the slowest tools,
// the error budget's burn rate against the SLO, and — for a server that talks to the Kubernetes API (rbac) — its
// API calls. The chart drops the Kubernetes API row for servers without rbac (templates/_monitoring.tpl).
import { GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode } from "@grafana/grafana-foundation-sdk/common";
import { RowBuilder, ThresholdsConfigBuilder, ThresholdsMode } from "@grafana/grafana-foundation-sdk/dashboard";
import { PanelBuilder as Table } from "@grafana/grafana-foundation-sdk/table";
import { PanelBuilder as TimeSeries } from "@grafana/grafana-foundation-sdk/timeseries";
import { APP, finish, instantQuery, mcpDashboard, panelQueries, query } from "./common.mjs";

const RATE = "[$__rate_interval]";
const requests = (extra = "", range = RATE) => `sum(rate(\${requests_metric}{${APP}${extra}}${range}))`;
const quantile = (/** @type {number} */ q) =>
  `histogram_quantile(${q}, sum by (le) (rate(\${duration_metric}{${APP}}${RATE})))`;
const toolQuantile = (/** @type {number} */ q, range = RATE) =>
  `histogram_quantile(${q}, sum by (le, \${tool_label}) (rate(\${tool_duration_metric}{${APP}}${range})))`;
/** How many times faster than the SLO allows the error budget burns, over a window. */
const burn = (/** @type {string} */ window) =>
  `(${requests(", ${error_matcher}", `[${window}]`)} / ${requests("", `[${window}]`)}) / (1 - $slo)`;
/** The multiwindow burn-rate alerting thresholds of the SRE workbook: page at 14.4 (1h) and 6 (6h), ticket at 1 (3d). */
const BURN_STEPS = [
  { value: null, color: "green" },
  { value: 1, color: "yellow" },
  { value: 6, color: "orange" },
  { value: 14.4, color: "red" },
];

/** The row the chart removes for a server without API access: its title starts with this. */
export const KUBERNETES_API_ROW = "Kubernetes API";

export function performanceDashboard() {
  return finish(
    mcpDashboard(
      "performance",
      "Performance",
      "Latency percentiles, throughput, per-tool latency and call rate, the error budget and Kubernetes API calls of one MCP server.",
    )
      .withRow(new RowBuilder("Latency and throughput"))
      .withPanel(
        panelQueries(
          new TimeSeries()
            .title("Latency percentiles")
            .description("Request duration from the histogram: median, 90th and 99th percentile.")
            .unit("s")
            .min(0)
            .span(12)
            .height(8),
          query(quantile(0.5), "p50"),
          query(quantile(0.9), "p90"),
          query(quantile(0.99), "p99"),
        ),
      )
      .withPanel(
        panelQueries(
          new TimeSeries().title("Throughput").unit("reqps").min(0).span(12).height(8),
          query(requests(), "all"),
          query(requests(", ${error_matcher}"), "errors"),
        ),
      )
      .withRow(new RowBuilder("Tools"))
      .withPanel(
        panelQueries(
          new TimeSeries().title("Tool calls per second").unit("reqps").min(0).span(12).height(8),
          query(`sum by (\${tool_label}) (rate(\${tool_calls_metric}{${APP}}${RATE}))`, "{{${tool_label}}}"),
        ),
      )
      .withPanel(
        panelQueries(
          new TimeSeries()
            .title("p95 latency by tool")
            .description("From the tool-call duration histogram (monitoring.metrics.toolDuration).")
            .unit("s")
            .min(0)
            .span(12)
            .height(8),
          query(toolQuantile(0.95), "{{${tool_label}}}"),
        ),
      )
      .withPanel(
        panelQueries(
          new Table().title("Slowest tools (p95 over the time range)").span(24).height(8),
          instantQuery(`topk(5, ${toolQuantile(0.95, "[$__range]")})`),
        ),
      )
      .withRow(new RowBuilder("Error budget"))
      .withPanel(
        panelQueries(
          new TimeSeries()
            .title("Error budget burn rate")
            .description(
              "Failed requests over the budget the SLO ($slo) allows, per window: 1 spends the budget exactly over the SLO period; above 14.4 (1h) or 6 (6h) the SRE workbook pages, above 1 (3d) it files a ticket.",
            )
            .unit("short")
            .min(0)
            .span(24)
            .height(8)
            .thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(BURN_STEPS))
            .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed)),
          ...["5m", "30m", "1h", "6h", "3d"].map((window) => query(burn(window), window)),
        ),
      )
      .withRow(new RowBuilder(`${KUBERNETES_API_ROW} (servers with rbac)`))
      .withPanel(
        panelQueries(
          new TimeSeries()
            .title(`${KUBERNETES_API_ROW} calls by verb and code`)
            .description("The server's calls to the Kubernetes API (monitoring.metrics.k8sApiCalls).")
            .unit("reqps")
            .min(0)
            .span(24)
            .height(8),
          query(`sum by (verb, code) (rate(\${k8s_api_metric}{${APP}}${RATE}))`, "{{verb}} {{code}}"),
        ),
      ),
  );
}
