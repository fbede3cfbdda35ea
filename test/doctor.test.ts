/**
 * `doctor` against recorded clusters: a stand-in kubectl on PATH (test/fixtures/kubectl) answers from a recorded
 * `kubectl api-resources -o name` and workload list, so no live cluster is ever needed. What the answers need comes
 * from the bundled blueprint (lib/requirements.mjs and the engine descriptor).
 */
import { readFile } from "node:fs/promises";
import { delimiter, dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResolvedAnswers } from "../src/answers/resolve.js";
import { loadBundledBlueprint } from "../src/blueprint/blueprint.js";
import { loadRequirements } from "../src/blueprint/requirements.js";
import { checkRequirements } from "../src/doctor/check.js";
import { runMain, tempDir } from "./support/cli.js";

const FAKE_KUBECTL = resolve(import.meta.dirname, "fixtures/kubectl");
const PRODUCTION = resolve(import.meta.dirname, "fixtures/production.yaml");

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir("mcp-gitops-doctor-");
  const quiet = { cwd: dir.path };
  expect((await runMain(["flux", "--yes", "--repository", "acme/flux"], quiet)).code).toBe(0);
  const argo = ["--gitops", "argocd", "--set", "monitoring.dashboards.provider=grafana-operator"];
  expect((await runMain(["argo", "--answers", PRODUCTION, ...argo], quiet)).code).toBe(0);
});
afterAll(() => dir.cleanup());

/** doctor with the stand-in kubectl (and node, which runs it) as the only programs on PATH. */
async function doctor(args: string[], cluster: string, extra: NodeJS.ProcessEnv = {}) {
  const log = join(dir.path, `kubectl-${Math.random().toString(36).slice(2)}.log`);
  const PATH = [FAKE_KUBECTL, dirname(process.execPath), "/usr/bin", "/bin"].join(delimiter);
  const result = await runMain(["doctor", ...args], {
    cwd: dir.path,
    env: { PATH, FAKE_KUBECTL_CLUSTER: cluster, FAKE_KUBECTL_LOG: log, ...extra },
  });
  const calls = await readFile(log, "utf8").then(
    (text) =>
      text
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as string[]),
    () => [],
  );
  return { ...result, calls };
}

describe("doctor", () => {
  it("a Flux repository with monitoring on a cluster that has Flux and kube-prometheus-stack: all there, exit 0", async () => {
    const result = await doctor(["flux", "--context", "kind-dev"], "flux-monitoring");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Checking context kind-dev for mcp-gitops");
    expect(result.stdout).toMatch(
      /^✔ HelmRelease \(helmreleases\.helm\.toolkit\.fluxcd\.io\) — Flux: controller helm-controller$/m,
    );
    expect(result.stdout).toMatch(
      /^✔ ServiceMonitor \(servicemonitors\.monitoring\.coreos\.com\) — monitoring: controller kube-prometheus-stack-operator$/m,
    );
    expect(result.stdout).toMatch(/Everything the repository needs is there \(5 requirements\)\.\n$/);
    // The context reaches every kubectl call; nothing but reads is asked.
    expect(result.calls.map((call) => call.slice(0, 4))).toEqual([
      ["--context", "kind-dev", "api-resources", "-o"],
      ["--context", "kind-dev", "get", "deployments,statefulsets"],
    ]);
  });

  it("an Argo CD repository with every feature on that cluster: what is missing and how to install it, exit 1", async () => {
    const result = await doctor(["argo"], "flux-monitoring");
    expect(result.code).toBe(1);
    for (const missing of [
      "✖ Application (applications.argoproj.io) — Argo CD: API not served",
      "✖ MCPServer (mcpservers.kagent.dev) — servers in mode mcpserver: API not served",
      "✖ GrafanaDashboard (grafanadashboards.grafana.integreatly.org) — Grafana dashboards: API not served",
      "✖ Certificate (certificates.cert-manager.io) — TLS in prod, TLS in perf: API not served",
      "✖ ClusterIssuer (clusterissuers.cert-manager.io) — TLS in prod: API not served",
      "✖ Issuer (issuers.cert-manager.io) — TLS in perf: API not served",
      "✖ HTTPRoute (httproutes.gateway.networking.k8s.io) — HTTPRoute in prod: API not served",
      "✖ ScaledObject (scaledobjects.keda.sh) — KEDA in perf: API not served",
      "✖ VerticalPodAutoscaler (verticalpodautoscalers.autoscaling.k8s.io) — VPA in dev, VPA in perf: API not served",
    ])
      expect(result.stdout).toContain(missing);
    expect(result.stdout).toContain("    install: kubectl create namespace argocd && kubectl apply -n argocd");
    expect(result.stdout).toContain(
      "    install: helm install cert-manager oci://quay.io/jetstack/charts/cert-manager",
    );
    expect(result.stdout).toMatch(/✔ PrometheusRule .* — monitoring: controller kube-prometheus-stack-operator/);
    expect(result.stdout).toMatch(/\n11 of 13 requirements missing\.\n$/);
  });

  it("--json: one document with every requirement, present or missing", async () => {
    const result = await doctor(["argo", "--json"], "flux-monitoring");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: false, blueprint: { name: "mcp-gitops" }, controllersChecked: true });
    expect(report.missing).toContain("mcpservers.kagent.dev");
    expect(report.missing).not.toContain("servicemonitors.monitoring.coreos.com");
    const monitor = report.requirements.find((item: any) => item.kind === "ServiceMonitor");
    expect(monitor).toMatchObject({ present: true, controller: { running: "kube-prometheus-stack-operator" } });
  });

  it("when workloads may not be listed, controllers go unchecked with a warning, not reported missing", async () => {
    const result = await doctor(["flux"], "forbidden");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("warning: listing Deployments and StatefulSets was not allowed");
    expect(result.stdout).toMatch(/^✔ HelmRelease \(helmreleases\.helm\.toolkit\.fluxcd\.io\) — Flux$/m);
  });

  it("an unreachable cluster is a failure with kubectl's own words", async () => {
    const result = await doctor(["flux"], "flux-monitoring", { FAKE_KUBECTL_UNREACHABLE: "1" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: kubectl api-resources -o name: E1204 .*couldn't get current server API group list/,
    );
  });

  it("a folder that is not a generated repository is bad input", async () => {
    const result = await doctor(["."], "flux-monitoring");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/has no \.mcp-gitops\.yaml/);
    expect(result.calls).toEqual([]);
  });
});

describe("requirements come from the blueprint", () => {
  it("the comparison is a pure function of the requirements, the resources and the workloads", async () => {
    const blueprint = await loadBundledBlueprint();
    const record = await readFile(join(dir.path, "flux/.mcp-gitops.yaml"), "utf8");
    const answers = (await import("yaml")).parse(record).answers as ResolvedAnswers;
    const needed = (await loadRequirements(blueprint, answers))!;
    expect(needed.map((item) => item.kind)).toEqual([
      "Kustomization",
      "HelmRelease",
      "GitRepository",
      "ServiceMonitor",
      "PrometheusRule",
    ]);
    const checks = checkRequirements(needed, new Set(["helmreleases.helm.toolkit.fluxcd.io"]), ["helm-controller"]);
    expect(checks.map((check) => [check.kind, check.present, check.controller])).toEqual([
      ["Kustomization", false, "missing"],
      ["HelmRelease", true, { running: "helm-controller" }],
      ["GitRepository", false, "missing"],
      ["ServiceMonitor", false, "missing"],
      ["PrometheusRule", false, "missing"],
    ]);
  });
});
