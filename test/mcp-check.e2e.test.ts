/**
 * The MCP check, for real: the script is taken from what Helm renders for each engine — the `helm test` pod Flux runs
 * after every install and upgrade, and the PostSync hook Job Argo CD runs after every sync — and run with `sh` (and
 * curl, awk, sed) against the MCP reference server in its streamable-HTTP and SSE modes (must pass), and against
 * servers that are not MCP, or not healthy MCP, (must fail). Only BASE_URL is replaced: the cluster's Service
 * address becomes 127.0.0.1; the path, transport and expectations are the rendered ones.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create } from "../src/create.js";
import { tempDir } from "./support/cli.js";
import {
  freePort,
  type RunningServer,
  startEverything,
  startPlainHttp,
  startScriptedMcp,
} from "./support/mcp-servers.js";
import { checkRepository, type RepositoryCheck } from "./support/repo-check.js";

const CHECK_SCRIPT = resolve(
  import.meta.dirname,
  "../blueprints/mcp-gitops/files/common/charts/mcp-server/files/mcp-check.sh",
);

const answers = (gitops: string) => ({
  gitops,
  repository: { owner: "acme", name: "mcp" },
  servers: [
    { name: "http", image: "ghcr.io/acme/http:1.0.0", transport: "streamable-http" },
    { name: "events", image: "ghcr.io/acme/events:1.0.0", transport: "sse" },
    { name: "library", image: "ghcr.io/acme/library:1.0.0", expectTools: false },
  ],
  environments: [{ name: "dev" }],
});

interface Container {
  command: string[];
  env: { name: string; value: string }[];
}

let dir: { path: string; cleanup: () => Promise<void> };
const checks: Record<"flux" | "argocd", RepositoryCheck> = {} as never;
const servers: Record<string, RunningServer> = {};

beforeAll(async () => {
  dir = await tempDir("mcp-gitops-check-");
  const started = await Promise.all([
    startEverything("streamableHttp"),
    startEverything("sse"),
    startPlainHttp(),
    startScriptedMcp({ error: { code: -32603, message: "tools are broken" } }),
    startScriptedMcp({ result: { tools: [] } }),
    startScriptedMcp({
      result: {
        tools: [
          {
            name: "lookup",
            description: 'Returns {"result": 1} or "error": {"code": 2}, as text',
            inputSchema: { type: "object", properties: { error: { type: "string" }, tools: { type: "array" } } },
          },
        ],
      },
    }),
  ]);
  for (const [index, name] of ["everythingHttp", "everythingSse", "plain", "rpcError", "noTools", "tricky"].entries())
    servers[name] = started[index]!;
  for (const gitops of ["flux", "argocd"] as const) {
    const directory = join(dir.path, gitops);
    await create({ directory, answers: answers(gitops) });
    checks[gitops] = await checkRepository(directory);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
  await dir?.cleanup();
});

function rendered(gitops: "flux" | "argocd", server: string): any[] {
  return checks[gitops].releases.find((release) => release.server === server)!.rendered as any[];
}

/** The check's container as the engine runs it: the helm test pod (Flux) or the PostSync Job's pod (Argo CD). */
function checkContainer(gitops: "flux" | "argocd", server: string): Container {
  const docs = rendered(gitops, server);
  const pod = docs.find((doc) => doc.kind === "Pod" && doc.metadata.name === `${server}-mcp-check`);
  const job = docs.find((doc) => doc.kind === "Job" && doc.metadata.name === `${server}-mcp-check`);
  const spec = gitops === "flux" ? pod?.spec : job?.spec.template.spec;
  if (!spec) throw new Error(`${gitops}: no MCP check for ${server}`);
  return spec.containers[0];
}

/** For a check expected to time out waiting: a second per request is plenty on 127.0.0.1. */
const FAIL_FAST = { REQUEST_TIMEOUT: "1" };

interface Outcome {
  code: number | null;
  output: string;
}

/** Runs the rendered script with sh, as the container would, against a server on 127.0.0.1. */
function runCheck(container: Container, url: string, env: Record<string, string> = {}): Promise<Outcome> {
  const [shell, flag, script] = container.command;
  expect([shell, flag]).toEqual(["/bin/sh", "-c"]);
  const rendered = Object.fromEntries(container.env.map(({ name, value }) => [name, value]));
  return new Promise((done) => {
    const child = spawn("sh", ["-c", script!], {
      env: { PATH: process.env.PATH, ...rendered, BASE_URL: url, WAIT_SECONDS: "4", REQUEST_TIMEOUT: "2", ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => done({ code, output }));
  });
}

describe.each(["flux", "argocd"] as const)("the MCP check as %s runs it", (gitops) => {
  it("is the chart's own script, with the server's path, transport and expectations", async () => {
    const script = await readFile(CHECK_SCRIPT, "utf8");
    for (const server of ["http", "events", "library"]) expect(checkContainer(gitops, server).command[2]).toBe(script);
    const env = (server: string) =>
      Object.fromEntries(checkContainer(gitops, server).env.map(({ name, value }) => [name, value]));
    expect(env("http")).toMatchObject({
      BASE_URL: "http://http.mcp-dev.svc:80",
      MCP_PATH: "/mcp",
      TRANSPORT: "streamable-http",
      EXPECT_TOOLS: "true",
    });
    expect(env("events")).toMatchObject({ MCP_PATH: "/sse", TRANSPORT: "sse" });
    expect(env("library")).toMatchObject({ EXPECT_TOOLS: "false" });
  });

  it("passes against the reference server over streamable HTTP: initialize, initialized, tools/list in a session", async () => {
    const result = await runCheck(checkContainer(gitops, "http"), servers.everythingHttp!.url);
    expect(result.output).toMatch(/initialize: protocol 2025-06-18, session [0-9a-f-]{36}/);
    expect(result.output).toMatch(/tools\/list: [1-9]\d* tools/);
    expect(result.code, result.output).toBe(0);
  });

  it("passes against the reference server over SSE: endpoint event, posts, answers on the stream", async () => {
    const result = await runCheck(checkContainer(gitops, "events"), servers.everythingSse!.url);
    expect(result.output).toMatch(/SSE stream open; messages go to http:\/\/127\.0\.0\.1:\d+\/message\?sessionId=/);
    expect(result.output).toMatch(/tools\/list: [1-9]\d* tools/);
    expect(result.code, result.output).toBe(0);
  });

  it("fails against a plain HTTP server that is not MCP, over either transport", async () => {
    const http = await runCheck(checkContainer(gitops, "http"), servers.plain!.url);
    expect(http.code).toBe(1);
    expect(http.output).toMatch(/MCP check FAILED .*initialize: no JSON-RPC result/);
    const sse = await runCheck(checkContainer(gitops, "events"), servers.plain!.url, FAIL_FAST);
    expect(sse.code).toBe(1);
    expect(sse.output).toMatch(/MCP check FAILED .*sent no endpoint event/);
  });
});

describe("what the check fails on, and what it does not (one engine: the script is the same)", () => {
  const container = () => checkContainer("flux", "http");

  it("fails when the reference server is asked on the wrong transport or path", async () => {
    const sseOnHttp = await runCheck(checkContainer("flux", "events"), servers.everythingHttp!.url, FAIL_FAST);
    expect(sseOnHttp.code).toBe(1);
    const wrongPath = await runCheck(container(), servers.everythingHttp!.url, { MCP_PATH: "/v1/mcp" });
    expect(wrongPath.code).toBe(1);
    expect(wrongPath.output).toMatch(/initialize: HTTP 404/);
  });

  it("fails when nothing listens, after waiting for the server to come up", async () => {
    const result = await runCheck(container(), `http://127.0.0.1:${await freePort()}`, { WAIT_SECONDS: "1" });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/nothing answers at http:\/\/127\.0\.0\.1:\d+ after 1s/);
  });

  it("fails on a JSON-RPC error, naming it", async () => {
    const result = await runCheck(container(), servers.rpcError!.url);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/tools\/list: JSON-RPC error: tools are broken/);
  });

  it("fails on an empty tool list, unless the server is answered expectTools: false", async () => {
    const expected = await runCheck(container(), servers.noTools!.url);
    expect(expected.code).toBe(1);
    expect(expected.output).toMatch(/the server lists no tools \(set expectTools: false/);
    const library = await runCheck(checkContainer("flux", "library"), servers.noTools!.url);
    expect(library.output).toMatch(/tools\/list: 0 tools/);
    expect(library.code, library.output).toBe(0);
  });

  it("reads JSON, not text: a stateless server answering plain JSON with 'error' and 'tools' inside strings passes", async () => {
    const result = await runCheck(container(), servers.tricky!.url);
    expect(result.output).toMatch(/initialize: protocol 2025-06-18\n/);
    expect(result.output).toMatch(/tools\/list: 1 tools/);
    expect(result.code, result.output).toBe(0);
  });
});

describe("how each engine runs it", () => {
  it("Flux: the chart's helm test, run after every install and upgrade; a failure rolls the upgrade back", () => {
    const release: any = checks.flux.gitops.get("dev")!.find((doc: any) => doc.kind === "HelmRelease");
    expect(release.spec.test).toEqual({ enable: true, timeout: "5m" });
    expect(release.spec.upgrade.remediation).toMatchObject({ strategy: "rollback", remediateLastFailure: true });
    expect(release.spec.upgrade.remediation.retries).toBeGreaterThan(0);
    expect(release.spec.upgrade.remediation.ignoreTestFailures).toBeUndefined();
    // A first install whose check fails is retried as an upgrade until it passes (RetryOnFailure), not uninstalled.
    expect(release.spec.install.strategy.name).toBe("RetryOnFailure");
    const docs = rendered("flux", "http");
    const pod = docs.find((doc) => doc.kind === "Pod");
    expect(pod.metadata.annotations["helm.sh/hook"]).toBe("test");
    expect(docs.some((doc) => doc.kind === "Job")).toBe(false);
  });

  it("Argo CD: a PostSync hook Job (Argo CD ignores helm test hooks), kept when it fails", () => {
    const docs = rendered("argocd", "http");
    const job = docs.find((doc) => doc.kind === "Job");
    expect(job.metadata.annotations).toEqual({
      "argocd.argoproj.io/hook": "PostSync",
      "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation,HookSucceeded",
    });
    expect(job.spec.template.spec.restartPolicy).toBe("Never");
    expect(docs.some((doc) => doc.metadata.annotations?.["helm.sh/hook"])).toBe(false);
  });

  it("the generated README says what a failing check does for the engine, and Argo CD's names no helm test", async () => {
    const flux = await readFile(join(dir.path, "flux", "README.md"), "utf8");
    const argo = await readFile(join(dir.path, "argocd", "README.md"), "utf8");
    expect(flux).toContain("## The MCP check");
    expect(flux).toMatch(/an upgrade is rolled back to the last good revision/);
    expect(argo).toMatch(/PostSync hook Job[\s\S]*marks the sync Failed[\s\S]*rolls nothing back/);
    expect(argo).not.toContain("helm test");
  });
});
