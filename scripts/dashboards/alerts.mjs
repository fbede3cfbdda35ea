// @ts-check
// Alerts: what the server's PrometheusRule reports now and over time (Prometheus's ALERTS series).
import { RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { PanelBuilder as Stat } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as Table } from "@grafana/grafana-foundation-sdk/table";
import { PanelBuilder as TimeSeries } from "@grafana/grafana-foundation-sdk/timeseries";
import { ALERTS, finish, mcpDashboard, panelQueries, query } from "./common.mjs";

const firing = `ALERTS{${ALERTS}, alertstate="firing"}`;
const pending = `ALERTS{${ALERTS}, alertstate="pending"}`;

export function alertsDashboard() {
  return finish(
    mcpDashboard("alerts", "Alerts", "Firing and pending alerts of one MCP server.")
      .withRow(new RowBuilder("Now"))
      .withPanel(
        panelQueries(
          new Stat().title("Firing").unit("short").span(6).height(4),
          query(`count(${firing}) or vector(0)`),
        ),
      )
      .withPanel(
        panelQueries(
          new Stat().title("Pending").unit("short").span(6).height(4),
          query(`count(${pending}) or vector(0)`),
        ),
      )
      .withPanel(
        panelQueries(
          new Stat().title("Critical firing").unit("short").span(12).height(4),
          query(`count(ALERTS{${ALERTS}, alertstate="firing", severity="critical"}) or vector(0)`),
        ),
      )
      .withPanel(
        panelQueries(
          new Table().title("Firing alerts").span(24).height(8),
          query(`max by (alertname, severity, pod) (${firing})`),
        ),
      )
      .withRow(new RowBuilder("History"))
      .withPanel(
        panelQueries(
          new TimeSeries().title("Alerts by name").unit("short").min(0).span(24).height(8),
          query(`sum by (alertname, alertstate) (ALERTS{${ALERTS}})`, "{{alertname}} ({{alertstate}})"),
        ),
      ),
  );
}
