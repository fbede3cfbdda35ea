/**
 * The contract between the package and its bundled blueprint. Each default has one source; where it must be restated
 * (in a file the blueprint copies verbatim, such as the chart's values.yaml, or across the line between the package
 * and a blueprint, which cannot import each other), the copy is compared here with its source, and a failure names
 * the source. And the blueprint's code stays self-contained: its only runtime imports are its own modules.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { SAMPLE_VALUES as BLUEPRINT_SAMPLE_VALUES } from "../blueprints/mcp-gitops/lib/alert-tests.mjs";
import { ALERTS } from "../blueprints/mcp-gitops/lib/alerts.mjs";
import { SIZES } from "../blueprints/mcp-gitops/lib/helpers.mjs";
import {
  scalesOut as blueprintScalesOut,
  serverReplicas as blueprintReplicas,
} from "../blueprints/mcp-gitops/lib/sessions.mjs";
import { scalesOut, serverReplicas } from "../src/answers/sessions.js";
import { isMonitored } from "../blueprints/mcp-gitops/lib/monitoring.mjs";
import { neededComponents } from "../src/answers/infrastructure.js";
import { METRIC_DEFAULTS, SAMPLE_VALUES } from "../src/answers/monitoring-schema.js";
import { LETS_ENCRYPT } from "../src/answers/production.js";
import { resolveAnswers } from "../src/answers/resolve.js";
import { AnswersSchema } from "../src/answers/schema.js";
import { SIZE_CHOICES } from "../src/prompts/ask-environments.js";

const BLUEPRINT = resolve(import.meta.dirname, "../blueprints/mcp-gitops");
const chartValues = parse(readFileSync(join(BLUEPRINT, "files/common/charts/mcp-server/values.yaml"), "utf8"));
const readme = readFileSync(resolve(import.meta.dirname, "../README.md"), "utf8");

/** What --yes resolves for a server and a dev environment that give nothing but their names. */
const defaults = resolveAnswers(
  AnswersSchema.parse({ gitops: "flux", servers: [{ name: "s", image: "x/y:1" }], environments: [{ name: "dev" }] }),
  "repo",
);
const [server] = defaults.servers;
const [dev] = defaults.environments;
const { monitoring } = defaults;

function at(values: unknown, path: string): unknown {
  return path.split(".").reduce((node, key) => (node as Record<string, unknown> | undefined)?.[key], values);
}

describe("one source per default", () => {
  // [path in the chart's values.yaml, the value of its source, where that source is]
  const restated: [string, unknown, string][] = [
    ["mcp.transport", server!.transport, "ServerSchema.transport (src/answers/schema.ts)"],
    ["mcp.port", server!.port, "ServerSchema.port (src/answers/schema.ts)"],
    ["mcp.path", server!.path, "ServerSchema.path (src/answers/schema.ts)"],
    ["resources", SIZES[dev!.size], `SIZES.${dev!.size} (blueprints/mcp-gitops/lib/helpers.mjs)`],
    ["tls.issuer.kind", dev!.tls.issuer.kind, "IssuerSchema.kind (src/answers/production.ts)"],
    ["tls.issuer.name", dev!.tls.issuer.name, "IssuerSchema.name (src/answers/production.ts)"],
    ["tls.createClusterIssuer.server", LETS_ENCRYPT, "LETS_ENCRYPT (src/answers/production.ts)"],
    [
      "autoscaling.targetCPUUtilizationPercentage",
      dev!.autoscaling.cpu,
      "AutoscalingSchema.cpu (src/answers/production.ts)",
    ],
    [
      "autoscaling.targetMemoryUtilizationPercentage",
      dev!.autoscaling.memory,
      "AutoscalingSchema.memory (src/answers/production.ts)",
    ],
    ["keda.pollingInterval", dev!.keda.pollingInterval, "KedaSchema.pollingInterval (src/answers/production.ts)"],
    ["keda.cooldownPeriod", dev!.keda.cooldownPeriod, "KedaSchema.cooldownPeriod (src/answers/production.ts)"],
    ["vpa.updateMode", dev!.vpa.updateMode, "VpaSchema.updateMode (src/answers/production.ts)"],
    ["podDisruptionBudget.minAvailable", dev!.pdb.minAvailable, "PdbSchema.minAvailable (src/answers/production.ts)"],
    [
      "monitoring.serviceMonitor.interval",
      monitoring.scrapeInterval,
      "MonitoringSchema.scrapeInterval (src/answers/monitoring-schema.ts)",
    ],
    [
      "monitoring.serviceMonitor.scrapeTimeout",
      monitoring.scrapeTimeout,
      "MonitoringSchema.scrapeTimeout (src/answers/monitoring-schema.ts)",
    ],
    [
      "monitoring.serviceMonitor.allowFrom",
      [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": monitoring.prometheusNamespace } } }],
      "MonitoringSchema.prometheusNamespace (src/answers/monitoring-schema.ts)",
    ],
    ["monitoring.serviceMonitor.path", METRIC_DEFAULTS.path, "METRIC_DEFAULTS.path (src/answers/monitoring-schema.ts)"],
    [
      "monitoring.dashboards.provider",
      monitoring.dashboards.provider,
      "DashboardsSchema.provider (src/answers/monitoring-schema.ts)",
    ],
    [
      "monitoring.dashboards.folder",
      monitoring.dashboards.folder,
      "DashboardsSchema.folder (src/answers/monitoring-schema.ts)",
    ],
    [
      "monitoring.dashboards.instanceSelector.matchLabels",
      monitoring.dashboards.instanceSelector,
      "DashboardsSchema.instanceSelector (src/answers/monitoring-schema.ts)",
    ],
    ...Object.entries(METRIC_DEFAULTS)
      .filter(([name]) => name !== "path")
      .map(([name, value]): [string, unknown, string] => [
        `monitoring.metrics.${name}`,
        value,
        `METRIC_DEFAULTS.${name} (src/answers/monitoring-schema.ts)`,
      ]),
  ];

  it.each(restated)("the chart's values.yaml %s is its source's default", (path, expected, source) => {
    expect(at(chartValues, path), `charts/mcp-server/values.yaml ${path} restates ${source}`).toEqual(expected);
  });

  it("the chart's values.yaml has no metric names of its own (the dashboards' placeholders come from it)", () => {
    const { path: _path, ...names } = METRIC_DEFAULTS;
    expect(Object.keys(chartValues.monitoring.metrics), "METRIC_DEFAULTS (src/answers/monitoring-schema.ts)").toEqual(
      Object.keys(names),
    );
  });

  it("the answers schema's sample label values are the blueprint's", () => {
    expect(SAMPLE_VALUES, "SAMPLE_VALUES (blueprints/mcp-gitops/lib/alert-tests.mjs)").toEqual(BLUEPRINT_SAMPLE_VALUES);
  });

  it("the README's observability answers show the schema's defaults", () => {
    const section = readme.slice(readme.indexOf("## Observability"));
    const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => parse(match[1]!));
    const documented = blocks.find((block) => block?.monitoring)!.monitoring;
    // The port and the runbook URL are examples; everything else is the default.
    const { port: _port, ...metrics } = documented.metrics;
    const { runbookBaseUrl: _url, ...rest } = documented;
    expect({ ...rest, metrics }, "MonitoringSchema (src/answers/monitoring-schema.ts)").toEqual(monitoring);
  });

  it("the README's alert table shows the blueprint's alert defaults", () => {
    for (const { key, alert, defaults } of ALERTS) {
      const limit = defaults.threshold === undefined ? "" : `> ${defaults.threshold} `;
      expect(readme, `ALERTS (blueprints/mcp-gitops/lib/alerts.mjs)`).toMatch(
        new RegExp(`^\\| \`${key}\` ${alert} \\|[^|]*\\| ${limit}for ${defaults.for} \\|$`, "m"),
      );
    }
  });

  it("the CLI warns about exactly the replicas the blueprint holds back (one session rule on each side)", () => {
    for (const stateless of [true, false])
      for (const sessionAffinity of ["none", "clientIP"] as const)
        for (const replicas of [0, 1, 2, 5]) {
          const server = { stateless, sessionAffinity };
          expect(
            blueprintReplicas(server, { replicas }),
            "serverReplicas (blueprints/mcp-gitops/lib/sessions.mjs)",
          ).toBe(serverReplicas(server, { replicas }));
          expect(blueprintScalesOut(server)).toBe(scalesOut(server));
        }
  });

  it("the size question describes the blueprint's size presets", () => {
    expect(
      SIZE_CHOICES.map(({ value, description }) => [value, description]),
      "SIZES (blueprints/mcp-gitops/lib/helpers.mjs)",
    ).toEqual(
      Object.entries(SIZES).map(([size, { requests }]) => [
        size,
        `requests ${requests.cpu} CPU / ${requests.memory} memory`,
      ]),
    );
  });
});

describe("the prerequisites the answers need", () => {
  it("kube-prometheus-stack exactly when the blueprint monitors a server (lib/monitoring.mjs isMonitored)", () => {
    const servers = [
      { name: "a", image: "x/a:1" },
      { name: "b", image: "x/b:1", mode: "mcpserver" },
      { name: "c", image: "x/c:1", chart: { repository: "https://charts.example.com", name: "c", version: "1.0.0" } },
    ];
    for (const picked of [[0], [1], [2], [1, 2], [0, 1, 2]])
      for (const enabled of [true, false]) {
        const answers = resolveAnswers(
          AnswersSchema.parse({
            gitops: "flux",
            servers: picked.map((index) => servers[index]),
            environments: [{ name: "dev" }],
            monitoring: { enabled },
          }),
          "repo",
        );
        expect(neededComponents(answers, answers.environments).has("kubePrometheusStack"), `${picked} ${enabled}`).toBe(
          answers.servers.some((candidate) => isMonitored(answers, candidate)),
        );
      }
  });
});

describe("the blueprint's code", () => {
  const lib = join(BLUEPRINT, "lib");
  const files = readdirSync(lib).filter((name) => name.endsWith(".mjs"));

  it.each(files)("%s is type-checked and imports only the blueprint's own modules at run time", (file) => {
    const text = readFileSync(join(lib, file), "utf8");
    expect(text.startsWith("// @ts-check\n"), `${file} starts with // @ts-check`).toBe(true);
    // Outside comments, every import names a sibling module: an extracted blueprint version runs on its own.
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "");
    const specifiers = [...code.matchAll(/\bfrom\s+"([^"]+)"|\bimport\s*\(?\s*"([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    for (const specifier of specifiers) expect(specifier, file).toMatch(/^\.\/[a-z-]+\.mjs$/);
  });
});

describe("the MCPServer schema the generated repository ships", () => {
  it("names the same fields as the test suite's hand-written MCPServer schema", async () => {
    const { readFileSync } = await import("node:fs");
    const { resolve } = await import("node:path");
    const read = (path: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, path), "utf8"));
    const shipped = read("../blueprints/mcp-gitops/files/common/_github/schemas/kagent.dev/mcpserver_v1alpha1.json");
    const tested = read("support/schemas/kagent-mcpserver.json");
    const fields = (schema: any): string[] =>
      Object.entries(schema.definitions as Record<string, any>).flatMap(([name, definition]) =>
        Object.keys(definition.properties ?? {}).map((field) => `${name}.${field}`),
      );
    expect(fields(shipped)).toEqual(fields(tested));
    expect(Object.keys(shipped.properties.spec.properties)).toEqual(Object.keys(tested.properties.spec.properties));
  });
});
