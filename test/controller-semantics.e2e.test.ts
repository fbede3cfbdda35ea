/**
 * What Flux and Argo CD would do with the generated repository, for the fleet a platform engineer would try first
 * (test/fixtures/live-fleet.yaml: streamable HTTP, SSE and kagent-mode servers over dev, staging and prod in three
 * clusters, an HTTPRoute with TLS from a created ClusterIssuer, KEDA, promotion by revision) and the same fleet in one
 * shared cluster, for both engines. Each check in ./support/controller-semantics.ts encodes one controller behaviour,
 * with its upstream source; every one must find nothing. Renders are shared: the four repositories render the same
 * releases, so each distinct `helm template` runs once.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { Ajv } from "ajv";
import { runMain, tempDir } from "./support/cli.js";
import {
  appProjectFindings,
  defaultedFieldFindings,
  helmReleaseFindings,
  namespaceAndHealthFindings,
  orderingFindings,
  podTemplateFindings,
  releaseInputs,
  rootCoverageFindings,
  sharedClusterFindings,
  workflowFindings,
} from "./support/controller-semantics.js";
import { checkRepository, type RepositoryCheck } from "./support/repo-check.js";
import type { KubeDocument } from "./support/tools.js";

const FIXTURES = { fleet: "live-fleet.yaml", shared: "fleet-shared-cluster.yaml" } as const;
const CASES = (["flux", "argocd"] as const).flatMap((engine) =>
  (Object.keys(FIXTURES) as (keyof typeof FIXTURES)[]).map((fleet) => ({ engine, fleet, name: `${fleet}-${engine}` })),
);

let dir: { path: string; cleanup: () => Promise<void> };
const repos = new Map<string, { root: string; check: RepositoryCheck }>();
const renders = new Map<string, Promise<KubeDocument[]>>();

beforeAll(async () => {
  dir = await tempDir();
  for (const { engine, fleet, name } of CASES) {
    const answers = resolve(import.meta.dirname, "fixtures", FIXTURES[fleet]);
    const result = await runMain([name, "--answers", answers, "--gitops", engine], { cwd: dir.path });
    expect(result.stderr, name).toBe("");
    expect(result.code, name).toBe(0);
  }
  for (const { name } of CASES) {
    const root = join(dir.path, name);
    repos.set(name, { root, check: await checkRepository(root, { lint: false, renders }) });
  }
});
afterAll(() => dir?.cleanup());

const repo = (name: string) => repos.get(name)!;

describe.each(CASES)("$name: the controllers do what the README says", ({ name }) => {
  it("the AppProject allows exactly the cluster-scoped objects the Applications render", () => {
    expect(appProjectFindings(repo(name).check)).toEqual([]);
  });

  it("pod templates carry no chart or app version", () => {
    expect(podTemplateFindings(repo(name).check)).toEqual([]);
  });

  it("every custom resource is applied after the operator that serves it", () => {
    expect(orderingFindings(repo(name).check)).toEqual([]);
  });

  it("the root (Application, or the cluster folders) covers every Application and environment", async () => {
    expect(await rootCoverageFindings(repo(name).root, repo(name).check)).toEqual([]);
  });

  it("HTTPRoutes and MCPServers settle in sync: defaulted fields rendered, Server-Side Diff", () => {
    expect(defaultedFieldFindings(repo(name).check)).toEqual([]);
  });

  it("environments sharing a cluster have their own Kustomizations or Applications, from one folder", async () => {
    expect(await sharedClusterFindings(repo(name).root, repo(name).check)).toEqual([]);
  });

  it("a first install that fails is retried; the bundled chart is not versioned per commit", () => {
    expect(helmReleaseFindings(repo(name).check)).toEqual([]);
  });

  it("namespaces carry enforce-version; Argo CD gets a health check for MCPServer", () => {
    expect(namespaceAndHealthFindings(repo(name).check)).toEqual([]);
  });

  it("the workflow pins actions by commit, verifies downloads, times out, lints every release with Helm 4", async () => {
    expect(await workflowFindings(repo(name).root, repo(name).check)).toEqual([]);
  });
});

describe.each(CASES.filter((c) => c.fleet === "fleet"))("$name: promotion", ({ name, engine }) => {
  it("a commit touching only apps/dev leaves every prod release as it was, pods included", async () => {
    const { root, check } = repo(name);
    const before = await releaseInputs(root, check, "prod", "a".repeat(40));
    const podTemplates = (c: RepositoryCheck) =>
      JSON.stringify(
        c.releases
          .filter((r) => r.environment === "prod")
          .map((r) => (r.rendered ?? []).map((doc: any) => doc.spec?.template ?? doc.spec?.deployment ?? null)),
      );
    const pods = podTemplates(check);
    for (const server of check.answers.servers) {
      const file = join(root, `apps/dev/${server.name}/values.yaml`);
      const values = parse(await readFile(file, "utf8"));
      await writeFile(file, stringify({ ...values, podAnnotations: { "example.com/touched": "dev only" } }));
    }
    expect(await releaseInputs(root, check, "prod", "b".repeat(40))).toBe(before);
    const after = await checkRepository(root, { lint: false, renders });
    expect(podTemplates(after)).toBe(pods);
    // The dev releases did change: the edit reached the cluster it was meant for.
    const dev = (c: RepositoryCheck) =>
      JSON.stringify(c.releases.filter((r) => r.environment === "dev").map((r) => r.rendered));
    expect(dev(after)).not.toBe(dev(check));
    repos.set(name, { root, check: after });
  });

  it("each environment is delivered from its own revision", () => {
    const { check } = repo(name);
    const revision = (env: string) => check.answers.environments.find((e: any) => e.name === env).revision;
    expect([revision("dev"), revision("staging"), revision("prod")]).toEqual([
      "main",
      "release/staging",
      "refs/tags/v1.0.0",
    ]);
    if (engine === "flux") {
      const sources = check.platform.filter((doc) => doc.kind === "GitRepository") as any[];
      const ref = (env: string) => {
        const kustomization: any = check.platform.find((doc: any) => doc.metadata.name === `mcp-servers-${env}`);
        const release: any = check.gitops.get(env)!.find((doc) => doc.kind === "HelmRelease");
        // The servers' chart comes from the environment's revision too.
        expect(release.spec.chart.spec.sourceRef.name).toBe(kustomization.spec.sourceRef.name);
        return (
          sources.find((source) => source.metadata.name === kustomization.spec.sourceRef.name)?.spec.ref ?? "bootstrap"
        );
      };
      expect([ref("dev"), ref("staging"), ref("prod")]).toEqual([
        "bootstrap",
        { branch: "release/staging" },
        { tag: "v1.0.0" },
      ]);
    } else {
      const apps = [...check.platform, ...[...check.gitops.values()].flat()].filter(
        (doc) => doc.kind === "Application",
      ) as any[];
      const target = (name: string) => apps.find((app) => app.metadata.name === name).spec.source.targetRevision;
      expect(["mcp-servers-dev", "mcp-servers-staging", "mcp-servers-prod"].map(target)).toEqual([
        "main",
        "release/staging",
        "v1.0.0",
      ]);
      expect(["weather-dev", "weather-staging", "weather-prod"].map(target)).toEqual([
        "main",
        "release/staging",
        "v1.0.0",
      ]);
    }
  });
});

describe("the MCPServer schema shipped in .github/schemas", () => {
  it("accepts every MCPServer the chart renders, and refuses a field the CRD does not have", async () => {
    const { root, check } = repo("fleet-flux");
    const schema = JSON.parse(await readFile(join(root, ".github/schemas/kagent.dev/mcpserver_v1alpha1.json"), "utf8"));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const servers = check.releases.flatMap((r) =>
      (r.rendered ?? []).filter((doc) => doc.kind === "MCPServer"),
    ) as any[];
    expect(servers.length).toBe(3);
    for (const server of servers) expect(validate(server), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...servers[0], spec: { ...servers[0].spec, transport: "stdio" } })).toBe(false);
  });
});

describe("one ClusterIssuer per cluster", () => {
  it.each(CASES)("$name: each cluster's issuer has one owning release", ({ name, fleet }) => {
    const owners = repo(name).check.releases.filter((r) =>
      (r.rendered ?? []).some((doc) => doc.kind === "ClusterIssuer"),
    );
    expect(owners.map((r) => `${r.server}/${r.environment}`)).toEqual(
      fleet === "shared" ? ["weather/dev"] : ["weather/dev", "weather/staging", "weather/prod"],
    );
  });
});
