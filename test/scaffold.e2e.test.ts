/**
 * The scaffold as a user runs it: the real binary in a temp directory, then the real tools on what it wrote. Reruns
 * that only check a report or an exit status call main() in-process.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runMain, tempDir } from "./support/cli.js";
import { checkRepository, type RepositoryCheck } from "./support/repo-check.js";
import { listFiles, snapshotTree } from "./support/files.js";

const FLEET = resolve(import.meta.dirname, "fixtures/fleet-argocd.yaml");

function workloads(check: RepositoryCheck, server: string, environment: string) {
  const release = check.releases.find((r) => r.server === server && r.environment === environment);
  if (!release?.rendered) throw new Error(`no rendered release for ${server} in ${environment}`);
  return release.rendered;
}

function deployment(check: RepositoryCheck, server: string, environment: string): any {
  const found = workloads(check, server, environment).find((doc) => doc.kind === "Deployment");
  if (!found) throw new Error(`no Deployment for ${server} in ${environment}`);
  return found;
}

describe("create --yes (Flux defaults)", () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let check: RepositoryCheck;
  let target: string;

  beforeAll(async () => {
    dir = await tempDir();
    target = join(dir.path, "demo");
    const result = await runCli(["demo", "--yes"], { cwd: dir.path });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    check = await checkRepository(target);
  });
  afterAll(() => dir.cleanup());

  it("uses Flux with dev, staging and prod and a pinned default server", () => {
    expect(check.answers.gitops).toBe("flux");
    expect(check.answers.environments.map((e: any) => e.name)).toEqual(["dev", "staging", "prod"]);
    expect(check.releases).toHaveLength(3);
    const image = deployment(check, "everything", "prod").spec.template.spec.containers[0].image;
    expect(image).toMatch(/@sha256:[a-f0-9]{64}$/);
  });

  it("uses only current Flux APIs", () => {
    const kinds = new Set([...check.gitops.values()].flat().map((doc) => `${doc.apiVersion} ${doc.kind}`));
    expect(kinds).toContain("helm.toolkit.fluxcd.io/v2 HelmRelease");
    expect(kinds).toContain("kustomize.toolkit.fluxcd.io/v1 Kustomization");
    for (const kind of kinds) expect(kind).not.toMatch(/v\dbeta\d|v\dalpha\d/);
  });

  it("layers per-environment values: one replica of the stateful example everywhere, prod sized up", () => {
    expect(deployment(check, "everything", "dev").spec.replicas).toBe(1);
    // The example keeps sessions in memory: prod's HPA and disruption budget would break them, so it runs one replica.
    expect(deployment(check, "everything", "prod").spec.replicas).toBe(1);
    const kinds = workloads(check, "everything", "prod").map((doc) => doc.kind);
    expect(kinds).not.toContain("HorizontalPodAutoscaler");
    expect(kinds).not.toContain("PodDisruptionBudget");
    expect(deployment(check, "everything", "prod").spec.template.spec.containers[0].resources.requests).toEqual({
      cpu: "200m",
      memory: "256Mi",
    });
    expect(deployment(check, "everything", "dev").spec.template.spec.containers[0].resources.requests).toEqual({
      cpu: "100m",
      memory: "128Mi",
    });
    expect(deployment(check, "everything", "prod").metadata.namespace ?? check.releases[2]!.namespace).toBe("mcp-prod");
  });

  it("configures install retries, remediation, drift detection and intervals on the HelmRelease", () => {
    const release: any = check.gitops.get("prod")!.find((doc) => doc.kind === "HelmRelease");
    expect(release.spec.install.strategy).toEqual({ name: "RetryOnFailure", retryInterval: "2m" });
    expect(release.spec.upgrade.remediation.retries).toBeGreaterThan(0);
    expect(release.spec.driftDetection.mode).toBe("enabled");
    expect(release.spec.interval).toBe("10m");
  });

  it("records the full answers and the blueprint in .mcp-gitops.yaml", async () => {
    const record = await readFile(join(target, ".mcp-gitops.yaml"), "utf8");
    expect(record).toMatch(/blueprint:\n {2}name: mcp-gitops\n {2}version: \d+\.\d+\.\d+/);
    expect(check.answers.environments[2]).toMatchObject({
      name: "prod",
      namespace: "mcp-prod",
      replicas: 2,
      profile: "prod",
    });
  });

  it("re-running with --force changes nothing, byte for byte", async () => {
    const before = await snapshotTree(target);
    const again = await runMain(["demo", "--yes", "--force", "--json"], { cwd: dir.path });
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.files.every((file: any) => file.action === "unchanged")).toBe(true);
    expect(await snapshotTree(target)).toEqual(before);
  });

  it("refuses the non-empty directory without --force, writing nothing", async () => {
    const before = await snapshotTree(target);
    const again = await runMain(["demo", "--yes"], { cwd: dir.path });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty.*--force/);
    expect(await snapshotTree(target)).toEqual(before);
  });
});

describe("create --answers (Argo CD fleet)", () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let check: RepositoryCheck;

  beforeAll(async () => {
    dir = await tempDir();
    const result = await runCli(["fleet", "--answers", FLEET, "--set", "environments.dev.replicas=2"], {
      cwd: dir.path,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    check = await checkRepository(join(dir.path, "fleet"));
  });
  afterAll(() => dir.cleanup());

  it("produces the projects, a root Application and one Application per server and environment", () => {
    // Monitoring is on: the repository also installs kube-prometheus-stack in both clusters, from its own project.
    expect(check.platform.filter((doc) => doc.kind === "AppProject").map((doc: any) => doc.metadata.name)).toEqual([
      "mcp-gitops",
      "mcp-infrastructure",
      "mcp-servers",
    ]);
    expect(check.platform.filter((doc) => doc.kind === "Application").map((doc: any) => doc.metadata.name)).toEqual([
      "mcp-gitops",
      "kube-prometheus-stack-in-cluster",
      "kube-prometheus-stack-prod-k8s-example-com-6443",
      "mcp-servers-dev",
      "mcp-servers-prod",
    ]);
    const docs = [...check.gitops.values()].flat();
    const apps = docs.filter((doc) => doc.kind === "Application") as any[];
    expect(apps.map((app) => app.metadata.name).sort()).toEqual([
      "search-dev",
      "search-prod",
      "tickets-dev",
      "tickets-prod",
      "weather-dev",
      "weather-prod",
    ]);
    for (const app of apps) {
      expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(app.spec.syncPolicy.syncOptions).toEqual(
        expect.arrayContaining(["CreateNamespace=true", "ServerSideApply=true"]),
      );
    }
  });

  it("sends each environment to its cluster and namespace", () => {
    const apps = [...check.gitops.values()].flat().filter((doc) => doc.kind === "Application") as any[];
    expect(apps.find((app) => app.metadata.name === "weather-dev").spec.destination).toEqual({
      name: "in-cluster",
      namespace: "team-mcp-dev",
    });
    expect(apps.find((app) => app.metadata.name === "weather-prod").spec.destination).toEqual({
      server: "https://prod.k8s.example.com:6443",
      namespace: "mcp-prod",
    });
  });

  it("points an external chart at its repository and this repository's values", () => {
    const app: any = [...check.gitops.values()].flat().find((doc: any) => doc.metadata?.name === "search-prod");
    expect(app.spec.sources[0]).toMatchObject({
      repoURL: "ghcr.io/acme/charts",
      chart: "search-mcp",
      targetRevision: "0.3.1",
    });
    expect(app.spec.sources[1]).toMatchObject({ repoURL: "https://github.com/acme/platform-mcp.git", ref: "values" });
    expect(check.releases.find((r) => r.server === "search" && r.environment === "prod")!.values).toEqual([
      { replicas: 2 },
      { podAnnotations: { team: "platform" } },
    ]);
  });

  it("keeps every answer value unchanged in the rendered workloads", () => {
    const weather = deployment(check, "weather", "prod");
    const container = weather.spec.template.spec.containers[0];
    expect(container.image).toBe("ghcr.io/acme/weather-mcp:1.4.2");
    expect(container.ports[0].containerPort).toBe(8080);
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ LOG_LEVEL: "debug", GREETING: "a: b # c", MULTI: "line one\nline two" });
    expect(container.envFrom).toEqual([{ secretRef: { name: "weather-api" } }]);
    expect(
      (workloads(check, "weather", "prod").find((doc) => doc.kind === "HorizontalPodAutoscaler") as any).spec
        .minReplicas,
    ).toBe(3);
    expect(weather.spec.template.metadata.annotations.team).toBe("platform");
    expect(container.resources.requests).toEqual({ cpu: "500m", memory: "512Mi" });
    const tickets = deployment(check, "tickets", "dev").spec.template.spec.containers[0];
    expect(tickets.image).toBe(
      "registry.example.com:5000/tools/tickets@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    );
    expect(tickets.args).toEqual(["--read-only", "--log-format=json"]);
    expect(deployment(check, "tickets", "dev").spec.replicas).toBe(2);
    expect(check.answers.servers[0].description).toBe(
      "Weather: forecasts # not a comment, {not: a map}, [not, a list], *not-an-alias",
    );
  });
});

describe("create --gitops flux with several servers and an external chart", () => {
  it("builds every overlay and renders every bundled-chart release", async () => {
    const dir = await tempDir();
    try {
      // The fleet's prod names an Argo CD destination cluster; Flux refuses anything but the default there.
      const flux = ["--gitops", "flux", "--set", "environments.prod.cluster=in-cluster"];
      const result = await runCli(["fleet", "--answers", FLEET, ...flux], { cwd: dir.path });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const check = await checkRepository(join(dir.path, "fleet"));
      const kinds = [...check.gitops.values()].flat().map((doc) => `${doc.apiVersion} ${doc.kind}`);
      expect(kinds).toContain("source.toolkit.fluxcd.io/v1 OCIRepository");
      const release: any = check.gitops
        .get("prod")!
        .find((doc: any) => doc.kind === "HelmRelease" && doc.metadata.name === "search");
      expect(release.spec.chartRef).toEqual({ kind: "OCIRepository", name: "search-chart" });
      expect(check.releases.filter((r) => r.rendered).length).toBe(4);
    } finally {
      await dir.cleanup();
    }
  });
});

describe("--dry-run and --json", () => {
  it("lists what would be created and writes nothing", async () => {
    const dir = await tempDir();
    try {
      const result = await runMain(["demo", "--yes", "--dry-run", "--json"], { cwd: dir.path });
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.dryRun).toBe(true);
      expect(report.files.map((f: any) => f.path)).toContain("charts/mcp-server/Chart.yaml");
      expect(report.files.every((f: any) => f.action === "create")).toBe(true);
      expect(await listFiles(dir.path)).toEqual([]);
    } finally {
      await dir.cleanup();
    }
  });
  it("runs in-process without leaving signal handlers or an exit status behind", async () => {
    const dir = await tempDir();
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
    const before = signals.map((signal) => process.listenerCount(signal));
    try {
      // A real write: the writer defers signals while it renames files into place.
      const result = await runMain(["demo", "--yes"], { cwd: dir.path });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Done: demo /m);
      expect(signals.map((signal) => process.listenerCount(signal))).toEqual(before);
      expect(process.exitCode).toBeUndefined();
    } finally {
      await dir.cleanup();
    }
  });
});
