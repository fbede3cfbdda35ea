// @ts-check
// Resources: CPU and memory of every pod against its requests and limits, restarts and replicas.
import { RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { PanelBuilder as TimeSeries } from "@grafana/grafana-foundation-sdk/timeseries";
import { finish, mcpDashboard, panelQueries, PODS, query } from "./common.mjs";

const resource = (/** @type {string} */ metric, /** @type {string} */ name) =>
  `max(${metric}{${PODS}, resource="${name}"})`;

export function resourcesDashboard() {
  return finish(
    mcpDashboard(
      "resources",
      "Resources",
      "CPU and memory against requests and limits, restarts and replicas of one MCP server.",
    )
      .withRow(new RowBuilder("CPU"))
      .withPanel(
        panelQueries(
          new TimeSeries()
            .title("CPU usage")
            .description("Per pod, with the container's request and limit.")
            .unit("short")
            .min(0)
            .span(12)
            .height(8),
          query(`sum by (pod) (rate(container_cpu_usage_seconds_total{${PODS}}[$__rate_interval]))`, "{{pod}}"),
          query(resource("kube_pod_container_resource_requests", "cpu"), "request"),
          query(resource("kube_pod_container_resource_limits", "cpu"), "limit"),
        ),
      )
      .withPanel(
        panelQueries(
          new TimeSeries().title("CPU usage / limit").unit("percentunit").min(0).span(12).height(8),
          query(
            `sum by (pod) (rate(container_cpu_usage_seconds_total{${PODS}}[$__rate_interval])) / sum by (pod) (kube_pod_container_resource_limits{${PODS}, resource="cpu"})`,
            "{{pod}}",
          ),
        ),
      )
      .withRow(new RowBuilder("Memory"))
      .withPanel(
        panelQueries(
          new TimeSeries()
            .title("Memory working set")
            .description("Per pod, with the container's request and limit.")
            .unit("bytes")
            .min(0)
            .span(12)
            .height(8),
          query(`sum by (pod) (container_memory_working_set_bytes{${PODS}})`, "{{pod}}"),
          query(resource("kube_pod_container_resource_requests", "memory"), "request"),
          query(resource("kube_pod_container_resource_limits", "memory"), "limit"),
        ),
      )
      .withPanel(
        panelQueries(
          new TimeSeries().title("Memory / limit").unit("percentunit").min(0).span(12).height(8),
          query(
            `sum by (pod) (container_memory_working_set_bytes{${PODS}}) / sum by (pod) (kube_pod_container_resource_limits{${PODS}, resource="memory"})`,
            "{{pod}}",
          ),
        ),
      )
      .withRow(new RowBuilder("Pods"))
      .withPanel(
        panelQueries(
          new TimeSeries().title("Restarts (1h)").unit("short").min(0).span(12).height(8),
          query(`sum by (pod) (increase(kube_pod_container_status_restarts_total{${PODS}}[1h]))`, "{{pod}}"),
        ),
      )
      .withPanel(
        panelQueries(
          new TimeSeries().title("Replicas").unit("short").min(0).span(12).height(8),
          query(
            'sum(kube_deployment_spec_replicas{namespace="$namespace", deployment=~"$server(-primary)?"})',
            "desired",
          ),
          query(
            'sum(kube_deployment_status_replicas_available{namespace="$namespace", deployment=~"$server(-primary)?"})',
            "available",
          ),
          query(
            `count(kube_pod_status_ready{namespace="$namespace", pod=~"$server(-primary)?-[a-z0-9]+-[a-z0-9]+", condition="true"} == 1)`,
            "ready",
          ),
        ),
      ),
  );
}
