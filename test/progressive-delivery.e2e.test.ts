/**
 * Canary and blue-green rollouts, from the examples' answers, with both engines: Flux repositories get Flagger's
 * Canary and MetricTemplates, Argo CD repositories Argo Rollouts' Rollout and AnalysisTemplates, every one validated
 * against its strict schema (checkRepository); the objects the controller creates are left to it (no Service or
 * HTTPRoute under Flagger, no Deployment under Argo Rollouts), the autoscaler and disruption budget target what
 * serves, the MCP check gates every new version, and every analysis query parses and is tested with promtool on
 * series of the new version's pods and the old version's. What no controller can do is refused before anything is
 * written.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse, parseAllDocuments, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain, tempDir } from "./support/cli.js";
import { startScriptedMcp } from "./support/mcp-servers.js";
import { checkRepository, type RepositoryCheck } from "./support/repo-check.js";
import { helmTemplate, promtool, type KubeDocument } from "./support/tools.js";
import { parsePromQL } from "./support/validate.js";

const EXAMPLES = resolve(import.meta.dirname, "../examples");

let parent: { path: string; cleanup: () => Promise<void> };
const repos = new Map<string, { dir: string; check: RepositoryCheck }>();
const renders = new Map<string, Promise<KubeDocument[]>>();

async function generate(name: string, example: string, gitops: string): Promise<void> {
  const result = await runMain([name, "--answers", resolve(EXAMPLES, example), "--gitops", gitops], {
    cwd: parent.path,
  });
  expect(result.stderr.replace(/^warning: .*\n/gm, "")).toBe("");
  expect(result.code).toBe(0);
  const dir = join(parent.path, name);
  repos.set(name, { dir, check: await checkRepository(dir, { renders }) });
}

beforeAll(async () => {
  parent = await tempDir("mcp-gitops-rollouts-");
  await generate("canary-flux", "canary-flux.yaml", "flux");
  await generate("canary-argocd", "canary-flux.yaml", "argocd");
  await generate("bluegreen-flux", "blue-green.yaml", "flux");
  await generate("bluegreen-argocd", "blue-green.yaml", "argocd");
  // The same canary, with staging behind the nginx ingress controller instead of the Gateway, and prod with security
  // headers at the edge and a namespace quota.
  await variant("canary-nginx.yaml", "canary-flux.yaml", (answers) => {
    answers.environments[0].exposure = { type: "ingress", className: "nginx" };
    answers.environments[1].exposure.securityHeaders = { noSniff: true, frameOptions: "DENY" };
    answers.environments[1].quota = { enabled: true };
  });
  await generate("canary-nginx-flux", join(parent.path, "canary-nginx.yaml"), "flux");
  await generate("canary-nginx-argocd", join(parent.path, "canary-nginx.yaml"), "argocd");
}, 360_000);

/** An answers file in the temporary folder: an example, changed. */
async function variant(file: string, example: string, change: (answers: any) => void): Promise<string> {
  const answers = parse(await readFile(join(EXAMPLES, example), "utf8"));
  change(answers);
  await writeFile(join(parent.path, file), stringify(answers));
  return join(parent.path, file);
}
afterAll(() => parent.cleanup());

function rendered(repo: string, server: string, environment: string): any[] {
  const release = repos.get(repo)!.check.releases.find((r) => r.server === server && r.environment === environment);
  if (!release?.rendered) throw new Error(`no release ${server} in ${environment} of ${repo}`);
  return release.rendered as any[];
}
const ofKind = (docs: any[], kind: string) => docs.filter((doc) => doc.kind === kind);
const one = (docs: any[], kind: string) => {
  const found = ofKind(docs, kind);
  expect(
    found.map((doc) => doc.metadata.name),
    kind,
  ).toHaveLength(1);
  return found[0];
};

describe("canary with Flux: Flagger", () => {
  it("renders a Canary through the Gateway API route, gated by the MCP check and judged by the alerts' metrics", () => {
    const docs = rendered("canary-flux", "weather", "prod");
    const canary = one(docs, "Canary");
    expect(canary.spec).toMatchObject({
      provider: "gatewayapi:v1",
      targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "weather" },
      autoscalerRef: { kind: "HorizontalPodAutoscaler", name: "weather" },
      service: {
        port: 80,
        hosts: ["weather.mcp.example.com"],
        gatewayRefs: [{ name: "public", namespace: "gateways", sectionName: "https" }],
      },
      analysis: { interval: "2m", threshold: 3, stepWeights: [5, 20, 50] },
    });
    // The answer's own latency limit; the error-rate limit is the environment's alert threshold.
    expect(canary.spec.analysis.metrics).toEqual([
      {
        name: "error-ratio",
        templateRef: { name: "weather-error-ratio" },
        thresholdRange: { max: 0.02 },
        interval: "2m",
      },
      { name: "latency", templateRef: { name: "weather-latency" }, thresholdRange: { max: 0.5 }, interval: "2m" },
      {
        name: "tool-call-errors",
        templateRef: { name: "weather-tool-call-errors" },
        thresholdRange: { max: 0.1 },
        interval: "2m",
      },
    ]);
    const [webhook] = canary.spec.analysis.webhooks;
    expect(webhook).toMatchObject({ type: "pre-rollout", url: "http://flagger-loadtester.flagger-system/" });
    expect(webhook.metadata.type).toBe("bash");
    expect(webhook.metadata.cmd).toMatch(
      /^export BASE_URL='http:\/\/weather-canary\.mcp-prod\.svc:80' MCP_PATH='\/mcp'/,
    );
    expect(webhook.metadata.cmd).toContain("MCP check passed");
    expect(ofKind(docs, "MetricTemplate").map((t) => t.metadata.name)).toEqual([
      "weather-error-ratio",
      "weather-latency",
      "weather-tool-call-errors",
    ]);
  });

  it("leaves the Services and the route to Flagger, and points the budget, scrape and policy at both versions", () => {
    const docs = rendered("canary-flux", "weather", "prod");
    expect(ofKind(docs, "Service")).toEqual([]);
    expect(ofKind(docs, "HTTPRoute")).toEqual([]);
    expect(ofKind(docs, "Pod")).toEqual([]); // no helm test: the check runs before each promotion instead
    expect(one(docs, "Deployment").spec.selector.matchLabels["app.kubernetes.io/name"]).toBe("weather");
    expect(one(docs, "PodDisruptionBudget").spec.selector.matchLabels).toEqual({
      "app.kubernetes.io/name": "weather-primary",
      "app.kubernetes.io/instance": "weather",
    });
    expect(one(docs, "HorizontalPodAutoscaler").spec.scaleTargetRef).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "weather",
    });
    const monitor = one(docs, "PodMonitor");
    expect(monitor.spec.selector.matchLabels).toEqual({
      "app.kubernetes.io/instance": "weather",
      "app.kubernetes.io/component": "mcp-server",
    });
    const policy = one(docs, "NetworkPolicy");
    expect(policy.spec.podSelector.matchLabels).toEqual(monitor.spec.selector.matchLabels);
    expect(policy.spec.ingress[0].from).toContainEqual({
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "flagger-system" } },
    });
  });

  it("keeps Flux's drift detection off the replica count and installs Flagger with its load tester", async () => {
    const { dir, check } = repos.get("canary-flux")!;
    const release = parse(await readFile(join(dir, "apps/base/weather/helmrelease.yaml"), "utf8"));
    expect(release.spec.driftDetection).toEqual({
      mode: "enabled",
      ignore: [{ paths: ["/spec/replicas"], target: { kind: "Deployment" } }],
    });
    const releases = check.platform.filter((doc: any) => doc.kind === "HelmRelease") as any[];
    const flagger = releases.find((doc) => doc.metadata.name === "flagger");
    expect(flagger.metadata.namespace).toBe("flagger-system");
    expect(flagger.spec.chart.spec).toMatchObject({ chart: "flagger", version: "1.44.0" });
    expect(flagger.spec.values).toEqual({
      meshProvider: "kubernetes",
      metricsServer: "http://kube-prometheus-stack-prometheus.monitoring.svc:9090",
    });
    expect(releases.find((doc) => doc.metadata.name === "flagger-loadtester").spec.chart.spec.chart).toBe("loadtester");
    const file = await readFile(join(dir, "infrastructure/flagger.yaml"), "utf8");
    expect(file).toMatch(/^# loadtester 0\.38\.0, flagger 1\.44\.0 \(Flagger and its load tester\), pinned/);
  });

  it("documents the rollback by hand: revert the commit", async () => {
    const readme = await readFile(join(repos.get("canary-flux")!.dir, "README.md"), "utf8");
    expect(readme).toMatch(/## Progressive delivery[\s\S]*Flagger[\s\S]*revert the commit/);
  });

  it("says the MCP check must stay on: under Flagger it is also what sends a blue-green version its traffic", async () => {
    // canary.yaml sends the MCP sessions the metrics are judged on only `and .Values.mcpCheck.enabled`.
    const flux = await readFile(join(repos.get("bluegreen-flux")!.dir, "README.md"), "utf8");
    expect(flux).toContain("Keep the MCP check on (`mcpCheck.enabled` in a server's values)");
    expect(flux).toContain("a blue-green version gets no traffic before the switch");
    const argocd = await readFile(join(repos.get("bluegreen-argocd")!.dir, "README.md"), "utf8");
    expect(argocd).toContain("Keep the MCP check on");
    expect(argocd).not.toContain("a blue-green version gets no traffic");
  });
});

describe("canary with Argo CD: Argo Rollouts", () => {
  it("renders a Rollout with the full pod template in place of the Deployment", () => {
    const docs = rendered("canary-argocd", "weather", "prod");
    expect(ofKind(docs, "Deployment")).toEqual([]);
    const rollout = one(docs, "Rollout");
    expect(rollout.spec.template.spec.containers[0]).toMatchObject({ name: "mcp-server" });
    expect(rollout.spec.template.spec.topologySpreadConstraints[0].matchLabelKeys).toEqual([
      "rollouts-pod-template-hash",
    ]);
    expect(rollout.spec.replicas).toBeUndefined(); // the HPA owns it
    const { canary } = rollout.spec.strategy;
    expect(canary).toMatchObject({
      canaryService: "weather-canary",
      stableService: "weather",
      trafficRouting: { plugins: { "argoproj-labs/gatewayAPI": { httpRoute: "weather", namespace: "mcp-prod" } } },
      analysis: { templates: [{ templateName: "weather-metrics" }], startingStep: 3 },
    });
    expect(canary.steps.slice(0, 3)).toEqual([
      { setCanaryScale: { replicas: 1 } },
      {
        analysis: {
          templates: [{ templateName: "weather-mcp-check" }],
          args: [{ name: "base-url", value: "http://weather-canary.mcp-prod.svc:80" }],
        },
      },
      { setCanaryScale: { matchTrafficWeight: true } },
    ]);
    expect(canary.steps.slice(3)).toEqual(
      // The last weight held for 2 intervals: threshold 3 failures need checks at 1, 2 and 3 intervals, on traffic.
      [5, 20, 50].flatMap((weight) => [{ setWeight: weight }, { pause: { duration: weight === 50 ? "240s" : "2m" } }]),
    );
    expect(one(docs, "HorizontalPodAutoscaler").spec.scaleTargetRef).toEqual({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Rollout",
      name: "weather",
    });
    expect(
      ofKind(docs, "Service")
        .map((s) => s.metadata.name)
        .sort(),
    ).toEqual(["weather", "weather-canary"]);
    const route = one(docs, "HTTPRoute");
    expect(route.spec.rules[0].backendRefs.map((b: any) => [b.name, b.weight])).toEqual([
      ["weather", 100],
      ["weather-canary", 0],
    ]);
  });

  it("runs the MCP check as a Job metric and the metrics with the limits as success conditions", () => {
    const docs = rendered("canary-argocd", "weather", "prod");
    const [check, metrics] = ofKind(docs, "AnalysisTemplate");
    expect(check.metadata.name).toBe("weather-mcp-check");
    const job = check.spec.metrics[0].provider.job;
    expect(job.spec.template.spec.containers[0].env).toContainEqual({ name: "BASE_URL", value: "{{args.base-url}}" });
    expect(job.spec.template.metadata.labels["app.kubernetes.io/name"]).toBe("mcp-server-test");
    expect(metrics.spec.metrics.map((m: any) => [m.name, m.successCondition, m.failureLimit])).toEqual([
      ["error-ratio", "result[0] <= 0.02", 2],
      ["latency", "result[0] <= 0.5", 2],
      ["tool-call-errors", "result[0] <= 0.1", 2],
    ]);
  });

  // Argo Rollouts adds rollouts-pod-template-hash to the stable and canary Services' selectors, so a ServiceMonitor
  // would scrape the canary pods as job "<name>-canary" (its jobLabel empty: "the job label defaults to the name of
  // the associated Kubernetes Service", prometheus-operator's ServiceMonitorSpec), or not at all when the metrics
  // port is not on that Service. A PodMonitor's jobLabel takes the job "from the associated Kubernetes Pod object"
  // (PodMonitorSpec.jobLabel): the same for both versions' pods.
  it("scrapes the canary's pods under the job the analysis, alerts and dashboards select", () => {
    for (const environment of ["staging", "prod"]) {
      const docs = rendered("canary-argocd", "weather", environment);
      expect(ofKind(docs, "ServiceMonitor")).toEqual([]);
      const monitor = one(docs, "PodMonitor");
      const pod = one(docs, "Rollout").spec.template;
      // The canary's pods are the template's, with rollouts-pod-template-hash added: the selector matches both.
      const canaryLabels = { ...pod.metadata.labels, "rollouts-pod-template-hash": "6d4f8b7c9" };
      for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels))
        expect(canaryLabels[key]).toBe(value);
      const job = canaryLabels[monitor.spec.jobLabel];
      expect(job).toBe("weather");
      const ports = pod.spec.containers.flatMap((c: any) => c.ports.map((p: any) => p.containerPort));
      expect(ports).toContain(monitor.spec.podMetricsEndpoints[0].portNumber);
      const metrics = ofKind(docs, "AnalysisTemplate").find((t) => t.metadata.name === "weather-metrics");
      for (const metric of metrics.spec.metrics) expect(metric.provider.prometheus.query).toContain(`job="${job}"`);
      const rules = one(docs, "PrometheusRule").spec.groups.flatMap((g: any) => g.rules);
      expect(rules.filter((r: any) => r.alert && r.expr.includes("job=")).length).toBeGreaterThan(0);
      for (const rule of rules.filter((r: any) => r.expr.includes("job="))) expect(rule.expr).toContain(`job="${job}"`);
    }
  });

  it("keeps Argo CD off the route's weights and installs Argo Rollouts with the Gateway API plugin", async () => {
    const { dir, check } = repos.get("canary-argocd")!;
    const app = parse(await readFile(join(dir, "argocd/prod/weather.yaml"), "utf8"));
    expect(app.spec.ignoreDifferences).toEqual([
      {
        group: "gateway.networking.k8s.io",
        kind: "HTTPRoute",
        name: "weather",
        jqPathExpressions: [".spec.rules[].backendRefs[].weight"],
      },
    ]);
    expect(app.spec.syncPolicy.syncOptions).toContain("RespectIgnoreDifferences=true");
    const infra = check.platform.find((doc: any) => doc.metadata.name === "argo-rollouts-in-cluster") as any;
    expect(infra.spec.source).toMatchObject({ chart: "argo-rollouts", targetRevision: "2.41.0" });
    // The plugin from its multi-arch image, copied by an init container (the plugin's installation.md, "Installing
    // the plugin via init containers"): a release download is one architecture's binary.
    const controller = infra.spec.source.helm.valuesObject.controller;
    expect(controller.trafficRouterPlugins).toEqual([
      { name: "argoproj-labs/gatewayAPI", location: "file:///plugins/rollouts-plugin-trafficrouter-gatewayapi" },
    ]);
    const [copy] = controller.initContainers;
    expect(copy.image).toBe("ghcr.io/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi:v0.15.0");
    expect(copy.args).toEqual(["cp /bin/rollouts-plugin-trafficrouter-gatewayapi /plugins/"]);
    expect(controller.volumeMounts).toEqual(copy.volumeMounts);
    expect(controller.volumes).toEqual([{ name: copy.volumeMounts[0].name, emptyDir: {} }]);
    // renovate.json finds the image in the file Argo CD reads (a custom regex manager, run here as Renovate would).
    const renovate = JSON.parse(await readFile(join(dir, "renovate.json"), "utf8"));
    const manager = renovate.customManagers.find((m: any) => m.description.includes("Gateway API plugin"));
    const file = "argocd/root/infrastructure-in-cluster.yaml";
    expect(manager.managerFilePatterns.some((p: string) => new RegExp(p.slice(1, -1)).test(file))).toBe(true);
    const found = new RegExp(manager.matchStrings[0]).exec(await readFile(join(dir, file), "utf8"));
    expect(found?.groups).toMatchObject({
      depName: "ghcr.io/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi",
      currentValue: "v0.15.0",
    });
    const readme = await readFile(join(dir, "README.md"), "utf8");
    expect(readme).toContain("kubectl argo rollouts abort weather");
    // Applications self-heal, and undo rewrites the Rollout's spec: Argo CD would restore it at once (auto_sync.md,
    // "Automatic Self-Healing"), so the way back is abort, then a revert in Git.
    expect(readme).not.toMatch(/rollouts undo weather|Rollout actions do the same/);
    expect(readme).toContain("git revert <commit> && git push");
  });
});

describe("canary through the nginx ingress controller", () => {
  it("with Flux: Flagger's nginx provider on the chart's Ingress, which points at the Service Flagger creates", () => {
    const docs = rendered("canary-nginx-flux", "weather", "staging");
    const canary = one(docs, "Canary");
    expect(canary.spec).toMatchObject({
      provider: "nginx",
      ingressRef: { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "weather" },
      analysis: { stepWeights: [10, 25, 50] },
    });
    expect(canary.spec.service.gatewayRefs).toBeUndefined();
    expect(ofKind(docs, "Service")).toEqual([]);
    expect(one(docs, "Ingress").spec.rules[0].http.paths[0].backend.service.name).toBe("weather");
  });

  it("with Argo CD: the Rollout routes through the stable Ingress, the controller makes the canary one", () => {
    const docs = rendered("canary-nginx-argocd", "weather", "staging");
    const { canary } = one(docs, "Rollout").spec.strategy;
    expect(canary.trafficRouting).toEqual({ nginx: { stableIngress: "weather" } });
    expect(one(docs, "Ingress").spec.rules[0].http.paths[0].backend.service.name).toBe("weather");
    expect(ofKind(docs, "HTTPRoute")).toEqual([]);
  });
});

describe("what the other answers become under a progressive rollout", () => {
  it("with Flux, the edge policy's security headers move to the Canary, since Flagger writes the route", () => {
    const canary = one(rendered("canary-nginx-flux", "weather", "prod"), "Canary");
    expect(canary.spec.service.headers).toEqual({
      response: {
        set: { "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer" },
      },
    });
    // Argo Rollouts leaves the route in Git, with its filters.
    const route = one(rendered("canary-nginx-argocd", "weather", "prod"), "HTTPRoute");
    expect(route.spec.rules[0].filters).toEqual([
      {
        type: "ResponseHeaderModifier",
        responseHeaderModifier: {
          set: [
            { name: "X-Content-Type-Options", value: "nosniff" },
            { name: "X-Frame-Options", value: "DENY" },
            { name: "Referrer-Policy", value: "no-referrer" },
          ],
        },
      },
    ]);
  });

  it("the namespace quota makes room for a whole second version", async () => {
    for (const repo of ["canary-nginx-flux", "canary-nginx-argocd"]) {
      const [quota] = parseAllDocuments(await readFile(join(repos.get(repo)!.dir, "apps/prod/quota.yaml"), "utf8"));
      // weather at the HPA's 5, its surge pod, the canary at up to 5, two MCP check pods; 20% headroom.
      expect(quota!.toJS().spec.hard.pods, repo).toBe(String(Math.ceil((5 + 1 + 5 + 2) * 1.2)));
    }
  });
});

describe("blue-green", () => {
  it("with Flux: a Canary of Flagger's kubernetes provider, iterations instead of weights, the chart's own route", () => {
    const docs = rendered("bluegreen-flux", "github", "prod");
    const canary = one(docs, "Canary");
    expect(canary.spec.provider).toBe("kubernetes");
    expect(canary.spec.analysis).toMatchObject({ iterations: 3 });
    expect(canary.spec.analysis.stepWeights).toBeUndefined();
    expect(canary.spec.ingressRef).toBeUndefined();
    // The Ingress stays, pointing at the Service Flagger keeps on the primary.
    expect(one(docs, "Ingress").spec.rules[0].http.paths[0].backend.service.name).toBe("github");
    expect(ofKind(rendered("bluegreen-flux", "github", "dev"), "Canary")).toEqual([]);
  });

  // Flagger scales the Deployment to zero after each promotion and, without an autoscalerRef, sizes the primary from
  // the Canary's target (pkg/canary/deployment_controller.go); a replica count in the chart would bring the idle
  // Deployment back at every Helm upgrade (three-way merge), and Flagger starts no analysis to scale it down again
  // unless the pod template changed (scheduler.go, shouldAdvance). A fixed-size HPA holds the count instead.
  it("with Flux and no autoscaler: a fixed-size HPA as the Canary's autoscalerRef, no replica count in the Deployment", () => {
    const docs = rendered("bluegreen-flux", "github", "prod");
    expect(one(docs, "Deployment").spec.replicas).toBeUndefined();
    expect(one(docs, "HorizontalPodAutoscaler").spec).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "github" },
      minReplicas: 1,
      maxReplicas: 1,
    });
    expect(one(docs, "Canary").spec.autoscalerRef).toEqual({
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      name: "github",
    });
    // A rolling update keeps its count, with no autoscaler.
    const dev = rendered("bluegreen-flux", "github", "dev");
    expect(one(dev, "Deployment").spec.replicas).toBe(1);
    expect(ofKind(dev, "HorizontalPodAutoscaler")).toEqual([]);
  });

  // Flagger judges a blue-green version before the switch, on the canary pods no user reaches: "Flagger will run
  // conformance and load tests on the canary pods ... If the metrics analysis succeeds, live traffic will be
  // switched" (docs/gitbook/usage/deployment-strategies.md). Its load tester runs a rollout webhook of type cmd with
  // `sh -c` in the background, once at a time (pkg/loadtester/server.go, task_shell.go).
  it("with Flux: the load tester sends MCP sessions to the new version while the metrics judge it", async () => {
    const canary = one(rendered("bluegreen-flux", "github", "prod"), "Canary");
    const traffic = canary.spec.analysis.webhooks.find((hook: any) => hook.name === "mcp-traffic");
    expect(traffic).toMatchObject({ type: "rollout", url: "http://flagger-loadtester.flagger-system/" });
    expect(traffic.metadata.type).toBe("cmd");
    const cmd: string = traffic.metadata.cmd;
    expect(cmd).toContain("BASE_URL='http://github-canary.mcp-prod.svc:80'");
    expect(cmd).toContain("$(( $(date +%s) + 60 ))"); // one interval
    const seen: string[] = [];
    const server = await startScriptedMcp(
      { result: { tools: [{ name: "lookup", inputSchema: { type: "object" } }] } },
      {
        seen,
      },
    );
    try {
      const run = cmd
        .replace("BASE_URL='http://github-canary.mcp-prod.svc:80'", `BASE_URL='${server.url}'`)
        .replace("+ 60 ))", "+ 3 ))");
      await new Promise<void>((done, fail) =>
        execFile("sh", ["-c", run], { timeout: 20_000 }, (error) => (error ? fail(error) : done())),
      );
    } finally {
      await server.close();
    }
    expect(seen.filter((method) => method === "initialize").length).toBeGreaterThanOrEqual(2);
    expect(seen.filter((method) => method === "tools/list").length).toBeGreaterThanOrEqual(2);
    // A canary takes user traffic: no synthetic load there.
    const weighted = one(rendered("canary-flux", "weather", "prod"), "Canary");
    expect(weighted.spec.analysis.webhooks.map((hook: any) => hook.name)).toEqual(["mcp-check"]);
  });

  it("with Argo CD: the check before the switch, the metrics after it, the old version kept until they pass", () => {
    const rollout = one(rendered("bluegreen-argocd", "github", "prod"), "Rollout");
    expect(rollout.spec.replicas).toBe(1); // stateful: one replica, no autoscaler
    const { blueGreen } = rollout.spec.strategy;
    expect(blueGreen).toMatchObject({
      activeService: "github",
      previewService: "github-preview",
      autoPromotionEnabled: true,
      prePromotionAnalysis: {
        templates: [{ templateName: "github-mcp-check" }],
        args: [{ name: "base-url", value: "http://github-preview.mcp-prod.svc:80" }],
      },
      postPromotionAnalysis: { templates: [{ templateName: "github-metrics" }] },
      scaleDownDelaySeconds: (3 + 5 - 1) * 60 + 60,
    });
    const metrics = ofKind(rendered("bluegreen-argocd", "github", "prod"), "AnalysisTemplate")[1];
    // iterations 3, threshold 5: read 7 times, failing at the 5th failure, passing with 3 passes — Flagger's verdict.
    expect(metrics.spec.metrics.map((m: any) => [m.count, m.failureLimit])).toEqual([
      [7, 4],
      [7, 4],
      [7, 4],
    ]);
    expect(ofKind(rendered("bluegreen-argocd", "github", "dev"), "Rollout")).toEqual([]);
  });
});

/** Seconds in a duration of the forms the chart writes (2m, 240s, 1h). */
const durationSeconds = (d: string) =>
  [...d.matchAll(/(\d+)([smh])/g)].reduce((sum, [, n, unit]) => sum + Number(n) * { s: 1, m: 60, h: 3600 }[unit!]!, 0);

// Argo Rollouts fails a metric only when its failed measurements exceed failureLimit, and ends a background analysis
// as Successful when the rollout's last step ends, and a counted one once `count` is reached (analysis/analysis.go,
// assessMetricStatus; docs/features/analysis.md: "A background analysis with count not specified when terminated at
// the end of the rollout" ends successfully). So a version failing every check must be able to exceed the limit.
describe("every Argo Rollouts analysis can fail", () => {
  it("in every example and engine: failureLimit + 1 failures fit in the measurements it makes on traffic", () => {
    let seen = 0;
    for (const [, { check }] of repos) {
      for (const release of check.releases) {
        const docs = (release.rendered ?? []) as any[];
        const rollout = docs.find((doc) => doc.kind === "Rollout");
        const metrics = ofKind(docs, "AnalysisTemplate").find((t) => t.metadata.name.endsWith("-metrics"));
        if (!rollout || !metrics) continue;
        for (const metric of metrics.spec.metrics) {
          const interval = durationSeconds(metric.interval);
          let onTraffic: number;
          if (rollout.spec.strategy.blueGreen) onTraffic = metric.count;
          else {
            // One measurement per interval from the first weight (startingStep) to the end of the last pause; the
            // first reads a window from before the traffic.
            const steps = rollout.spec.strategy.canary.steps.slice(rollout.spec.strategy.canary.analysis.startingStep);
            const analysed = steps.reduce(
              (sum: number, s: any) => sum + (s.pause ? durationSeconds(s.pause.duration) : 0),
              0,
            );
            onTraffic = Math.ceil(analysed / interval) - 1;
          }
          expect(onTraffic, `${release.server} in ${release.environment}: ${metric.name}`).toBeGreaterThan(
            metric.failureLimit,
          );
          seen++;
        }
      }
    }
    expect(seen).toBeGreaterThanOrEqual(9);
  });
});

/** Every analysis query of every release, with the template's variables filled in as the controller would. */
function analysisQueries(): { source: string; query: string; limit: number; name: string }[] {
  const found: { source: string; query: string; limit: number; name: string }[] = [];
  for (const [repo, { check }] of repos) {
    for (const release of check.releases) {
      const docs = (release.rendered ?? []) as any[];
      const canary = docs.find((doc) => doc.kind === "Canary");
      for (const template of ofKind(docs, "MetricTemplate")) {
        const metric = canary.spec.analysis.metrics.find((m: any) => m.templateRef.name === template.metadata.name);
        found.push({
          source: `${repo} ${release.environment} ${template.metadata.name}`,
          query: template.spec.query,
          limit: metric.thresholdRange.max,
          name: metric.name,
        });
      }
      for (const template of ofKind(docs, "AnalysisTemplate")) {
        for (const metric of template.spec.metrics.filter((m: any) => m.provider.prometheus)) {
          found.push({
            source: `${repo} ${release.environment} ${template.metadata.name}/${metric.name}`,
            query: metric.provider.prometheus.query.replaceAll("{{args.canary-hash}}", "6d5f8c7b9"),
            limit: Number(/^result\[0\] <= (.+)$/.exec(metric.successCondition)![1]),
            name: metric.name,
          });
        }
      }
    }
  }
  return found;
}

describe("the analysis queries", () => {
  it("every one parses as PromQL", () => {
    const queries = analysisQueries();
    expect(queries.length).toBeGreaterThanOrEqual(12);
    for (const { source, query } of queries) expect(() => parsePromQL(query), source).not.toThrow();
  });

  it("judge the new version's pods only, count no traffic as no failure, and fail above the limit (promtool)", async () => {
    const dir = parent.path;
    // One rule per query: the query over its limit, as the controller compares it.
    const queries = analysisQueries().filter((q) => q.source.includes(" prod "));
    const rules = {
      groups: [
        {
          name: "analysis",
          rules: queries.map((q, index) => ({ alert: `A${index}`, expr: `(${q.query}) > ${q.limit}` })),
        },
      ],
    };
    const tests = queries.flatMap((q, index) => analysisTests(q, `A${index}`));
    // The staging queries' interval is 1m, with the default 30s scrape: rate() over [1m] holds one sample when
    // scrapes are missed (rate needs two samples in its range, Prometheus querying functions) and reads as no
    // traffic. Their window is four scrapes (2m), so the failing canary is still seen.
    const staging = analysisQueries().filter((q) => q.source.includes(" staging "));
    expect(staging.length).toBeGreaterThanOrEqual(6);
    for (const q of staging) expect(q.query, q.source).toContain("[120s]");
    rules.groups[0]!.rules.push(
      ...staging.map((q, index) => ({ alert: `S${index}`, expr: `(${q.query}) > ${q.limit}` })),
    );
    tests.push(...staging.flatMap((q, index) => analysisTests(q, `S${index}`, true)));
    await writeFile(join(dir, "analysis.rules.yaml"), stringify(rules));
    await writeFile(
      join(dir, "analysis.test.yaml"),
      stringify({ rule_files: ["analysis.rules.yaml"], evaluation_interval: "1m", tests }),
    );
    const result = await promtool(["test", "rules", "analysis.test.yaml"], { cwd: dir });
    expect(result.stdout).not.toMatch(/FAILED/);
    expect(result.stdout).toMatch(/SUCCESS/);
    expect(existsSync(join(dir, "analysis.test.yaml"))).toBe(true);
  });
});

/**
 * Series for one analysis query: the new version failing fires it; the old version failing, the new one healthy,
 * or no traffic at all, do not. Pod names as each controller gives them.
 */
function analysisTests(q: { query: string; limit: number; name: string }, alert: string, gappy = false): object[] {
  // A counter rising by `perMinute`: sampled every minute, or every 30s with the two scrapes before the last missed
  // (a [1m] window then holds one sample, and rate() gives nothing: promtool shows it).
  const counter = (perMinute: number) => (gappy ? `0+${perMinute / 2}x17 _ _ ${perMinute * 10}` : `0+${perMinute}x10`);
  const argo = q.query.includes("6d5f8c7b9");
  const labels = /namespace="([^"]+)", job="([^"]+)"/.exec(q.query)!;
  const [namespace, job] = [labels[1]!, labels[2]!];
  const fresh = argo ? `${job}-6d5f8c7b9-x2k4p` : `${job}-5f7b8c9d6-x2k4p`;
  const old = argo ? `${job}-7c4d9b8f5-q7w9z` : `${job}-primary-7c4d9b8f5-q7w9z`;
  const metric = /\(rate\(([a-z_]+)\{/.exec(q.query)![1]!;
  const series = (pod: string, bad: boolean): { series: string; values: string }[] => {
    const at = `namespace="${namespace}", job="${job}", pod="${pod}"`;
    if (q.name === "latency") {
      // 100 requests a minute; the slow version answers every one in 5s, the fast one in 10ms.
      return ["0.05", "1", "10", "+Inf"].map((le) => ({
        series: `${metric}{${at}, le="${le}"}`,
        values: counter(bad && (le === "0.05" || le === "1") ? 0 : 100),
      }));
    }
    const matcher = /, ([a-z_]+(?:=~|=)"[^"]+")\}\[/.exec(q.query)![1]!;
    return [
      {
        series: `${metric}{${at}, ${matcher.replace("=~", "=").replace('"5.."', '"500"')}}`,
        values: counter(bad ? 50 : 0),
      },
      { series: `${metric}{${at}, ${matcher.includes("code") ? 'code="200"' : 'status="ok"'}}`, values: counter(100) },
    ];
  };
  const test = (name: string, input: { series: string; values: string }[], fires: boolean) => ({
    name: gappy ? `${name}, scraped every 30s with two scrapes missed` : name,
    interval: gappy ? "30s" : "1m",
    input_series: input.length ? input : [{ series: "up", values: "1x10" }],
    alert_rule_test: [{ eval_time: "10m", alertname: alert, exp_alerts: fires ? [{ exp_labels: {} }] : [] }],
  });
  return [
    test(`${alert} fires when the new version fails`, [...series(fresh, true), ...series(old, false)], true),
    test(`${alert} ignores the old version failing`, [...series(fresh, false), ...series(old, true)], false),
    test(`${alert} passes without traffic`, [], false),
  ];
}

describe("what no controller can do is refused before anything is written", () => {
  const refuse = async (args: string[], message: RegExp) => {
    const result = await runMain(["refused", "--answers", join(EXAMPLES, "canary-flux.yaml"), ...args], {
      cwd: parent.path,
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(join(parent.path, "refused"))).toBe(false);
  };

  it("a canary where nothing splits the traffic, with the alternatives", () =>
    refuse(
      ["--set", "environments.staging.exposure.type=none"],
      /environments\[staging\]\.rollout\.strategy: canary splits traffic by weight, which nothing does in staging \(exposure\.type none\)\. Use strategy blueGreen/,
    ));

  it("a canary through an ingress class that cannot split", () =>
    refuse(
      [
        "--set",
        "environments.staging.exposure.type=ingress",
        "--set",
        "environments.staging.exposure.className=traefik",
      ],
      /canary splits traffic by weight, which an ingress of class traefik cannot do in staging/,
    ));

  it("a canary of a stateful server", () =>
    refuse(["--set", "servers.weather.stateless=false"], /breaks the sessions of weather.*use strategy blueGreen/));

  it("a progressive rollout of a server kagent owns", () =>
    refuse(["--set", "servers.weather.mode=mcpserver"], /kagent owns the Deployment of weather/));

  it("a second version beside the first of a server with a volume one node holds", async () => {
    const file = await variant("rwo.yaml", "blue-green.yaml", (answers) => {
      answers.servers[0].storage = [{ name: "data", mountPath: "/data", size: "1Gi" }];
    });
    const result = await runMain(["refused", "--answers", file], { cwd: parent.path });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(
      /environments\[prod\]\.rollout\.strategy: blueGreen runs the new version beside the old one, but github holds a volume one node or pod mounts/,
    );
    expect(existsSync(join(parent.path, "refused"))).toBe(false);
  });

  it("a Flagger canary through Gateway API with an edge policy the route Flagger writes would drop", async () => {
    const file = await variant("cors.yaml", "canary-flux.yaml", (answers) => {
      answers.environments[1].exposure.cors = { origins: ["https://app.example.com"] };
    });
    const result = await runMain(["refused", "--answers", file], { cwd: parent.path });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(
      /environments\[prod\]\.rollout\.strategy: canary: Flagger writes the HTTPRoute of a canary itself .* the edge policy's cors would be lost in prod\. Use strategy blueGreen/,
    );
    // Argo Rollouts moves the weights of the route in Git, filters and all.
    const argo = await runMain(["cors-argocd", "--answers", file, "--gitops", "argocd"], { cwd: parent.path });
    expect(argo.code, argo.stderr).toBe(0);
  });

  it("and the chart itself fails on both, for values written by hand", async () => {
    const { dir, check } = repos.get("canary-flux")!;
    const release = check.releases.find((r) => r.server === "weather" && r.environment === "prod")!;
    const template = (overrides: object) =>
      helmTemplate(join(dir, "charts/mcp-server"), [...release.values, overrides], {
        releaseName: "weather",
        namespace: release.namespace,
      });
    await expect(
      template({
        // One replica, so that only the rollout's second version contends for the volume.
        replicaCount: 1,
        autoscaling: { enabled: false },
        persistence: {
          volumes: [{ name: "data", mountPath: "/data", type: "pvc", size: "1Gi", accessMode: "ReadWriteOnce" }],
        },
      }),
    ).rejects.toThrow(/rollout.strategy canary runs the new version beside the old one/);
    await expect(template({ edge: { filters: [{ type: "CORS", cors: { allowOrigins: ["*"] } }] } })).rejects.toThrow(
      /rollout.controller flagger writes the HTTPRoute of a canary itself/,
    );
  });

  it("a mesh the engine's controller cannot route through", async () => {
    await refuse(
      ["--gitops", "argocd", "--set", "environments.prod.rollout.provider=istio"],
      /Argo Rollouts cannot split traffic with istio/,
    );
    await refuse(["--set", "environments.prod.rollout.provider=envoy"], /Flagger cannot split traffic with envoy/);
  });
});
