/**
 * Monitoring questions: on or off, then only what differs between clusters in practice — where Prometheus runs,
 * the label it selects rules and monitors by, and where dashboards go; then where traces go, if anywhere. Metric names and alert thresholds keep their
 * documented defaults (the answers file and --set change them).
 */
import { MonitoringSchema } from "../answers/monitoring-schema.js";
import { TracingSchema } from "../answers/tracing.js";
import { validateWith, type Choice, type Prompter, type Verdict } from "./prompter.js";

type Dashboards = "sidecar" | "grafana-operator" | "none";

const DASHBOARD_CHOICES: Choice<Dashboards>[] = [
  {
    value: "sidecar",
    name: "ConfigMaps for the Grafana sidecar",
    description: 'kube-prometheus-stack picks up ConfigMaps labelled grafana_dashboard: "1"',
  },
  { value: "grafana-operator", name: "GrafanaDashboard resources", description: "for grafana-operator" },
  { value: "none", name: "no dashboards" },
];

const validNamespace = validateWith(MonitoringSchema.shape.prometheusNamespace);
const validLabels = validateWith(MonitoringSchema.shape.labels, parseLabel);
const validEndpoint = validateWith(TracingSchema.shape.endpoint.unwrap());

export async function askMonitoring(raw: Record<string, unknown>, prompter: Prompter): Promise<void> {
  if (raw.monitoring !== undefined) return;
  const enabled = await prompter.confirm({
    message: "Monitoring (ServiceMonitor, alert rules with unit tests, Grafana dashboards)?",
    default: true,
  });
  if (!enabled) {
    raw.monitoring = { enabled: false };
    return;
  }
  const prometheusNamespace = await prompter.text({
    message: "Namespace Prometheus runs in",
    default: "monitoring",
    validate: validNamespace,
  });
  const label = await prompter.text({
    message: "Label Prometheus selects rules and monitors by (key=value)",
    default: "release=kube-prometheus-stack",
    validate: (value) => labelProblem(value) ?? validLabels(value),
  });
  const dashboards = await prompter.select({
    message: "Grafana dashboards",
    choices: DASHBOARD_CHOICES,
    default: "sidecar",
  });
  raw.monitoring = {
    prometheusNamespace,
    labels: parseLabel(label),
    dashboards: dashboards === "none" ? { enabled: false } : { provider: dashboards },
  };
  if (raw.tracing !== undefined) return;
  const endpoint = await prompter.text({
    message:
      "OpenTelemetry collector for traces (OTLP endpoint, e.g. http://otel-collector.observability:4318; blank: none)",
    default: "",
    validate: (value) => (value.trim() === "" ? true : validEndpoint(value.trim())),
  });
  if (endpoint.trim()) raw.tracing = { endpoint: endpoint.trim() };
}

function labelProblem(value: string): Verdict | undefined {
  return /^[^=]+=[^=]*$/.test(value.trim()) ? undefined : "must be key=value, e.g. release=kube-prometheus-stack";
}

function parseLabel(value: string): Record<string, string> {
  const [key = "", label = ""] = value.trim().split("=");
  return { [key.trim()]: label.trim() };
}
