// @ts-check
// Overview: traffic, errors, latency percentiles and MCP tool calls of one server in one environment.
import { RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { PanelBuilder as Stat } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TimeSeries } from "@grafana/grafana-foundation-sdk/timeseries";
import { APP, finish, mcpDashboard, panelQueries, query } from "./common.mjs";

const RATE = "[$__rate_interval]";
const requests = (extra = "") => `sum(rate(\${requests_metric}{${APP}${extra}}${RATE}))`;
const errorRatio = `${requests(", ${error_matcher}")} / ${requests()}`;
const quantile = (/** @type {number} */ q) =>
  `histogram_quantile(${q}, sum by (le) (rate(\${duration_metric}{${APP}}${RATE})))`;
const toolCalls = (by = "", extra = "") =>
  `sum${by ? ` by (${by}) ` : ""}(rate(\${tool_calls_metric}{${APP}${extra}}${RATE}))`;

export function overviewDashboard() {
  return finish(
    mcpDashboard("overview", "Overview", "Request rate, error ratio, latency and MCP tool calls of one MCP server.")
      .withRow(new RowBuilder("Now"))
      .withPanel(
        panelQueries(new Stat().title("Requests per second").unit("reqps").span(6).height(4), query(requests())),
      )
      .withPanel(panelQueries(new Stat().title("Error ratio").unit("percentunit").span(6).height(4), query(errorRatio)))
      .withPanel(panelQueries(new Stat().title("p95 latency").unit("s").span(6).height(4), query(quantile(0.95))))
      .withPanel(
        panelQueries(new Stat().title("Tool calls per second").unit("reqps").span(6).height(4), query(toolCalls())),
      )
      .withRow(new RowBuilder("Requests"))
      .withPanel(
        panelQueries(
          new TimeSeries()
            .title("Request rate")
            .description("All requests and those the error matcher selects.")
            .unit("reqps")
            .span(12)
            .height(8),
          query(requests(), "all"),
          query(requests(", ${error_matcher}"), "errors"),
        ),
      )
      .withPanel(
        panelQueries(
          new TimeSeries().title("Error ratio").unit("percentunit").min(0).span(12).height(8),
          query(errorRatio, "error ratio"),
        ),
      )
      .withPanel(
        panelQueries(
          new TimeSeries()
            .title("Latency")
            .description("Request duration percentiles from the histogram.")
            .unit("s")
            .span(24)
            .height(8),
          query(quantile(0.5), "p50"),
          query(quantile(0.95), "p95"),
          query(quantile(0.99), "p99"),
        ),
      )
      .withRow(new RowBuilder("MCP tools"))
      .withPanel(
        panelQueries(
          new TimeSeries().title("Tool calls by tool").unit("reqps").span(12).height(8),
          query(toolCalls("${tool_label}")),
        ),
      )
      .withPanel(
        panelQueries(
          new TimeSeries().title("Tool-call error ratio by tool").unit("percentunit").min(0).span(12).height(8),
          query(`${toolCalls("${tool_label}", ", ${tool_error_matcher}")} / ${toolCalls("${tool_label}")}`),
        ),
      ),
  );
}
