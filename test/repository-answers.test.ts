/**
 * Where the repository lives, offline: `--repository` and `--repository-url` name it without a token, every run warns
 * while the files still point at the placeholder owner, and the printed bootstrap commands fit the host and the owner
 * (GitHub Enterprise Server's --hostname, --personal for a user account). Failures under --json are one document.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create } from "../src/create.js";
import { pullRequestBody } from "../src/delivery/pr-body.js";
import { runMain, tempDir } from "./support/cli.js";

/** No token anywhere: naming the repository must not need one. */
const OFFLINE = { GITHUB_TOKEN: "", GH_TOKEN: "" };

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir("mcp-gitops-repository-");
});
afterAll(() => dir.cleanup());

let count = 0;
async function scaffold(args: string[]) {
  const target = `r${count++}`;
  const result = await runMain([target, "--yes", "--json", ...args], { cwd: dir.path, env: OFFLINE });
  return { result, target: join(dir.path, target), report: result.code === 0 ? JSON.parse(result.stdout) : undefined };
}

const PLACEHOLDER = /^repository: the clusters would pull from the placeholder https:\/\/github\.com\/my-org\//;

/** The warnings about where the repository lives (others, e.g. about network policies, are not this test's). */
const aboutRepository = (warnings: string[]) => warnings.filter((warning) => warning.startsWith("repository:"));

describe("--repository and --repository-url", () => {
  it("--repository owner/name sets the repository the Argo CD Applications pull from, and no warning is left", async () => {
    const { result, target, report } = await scaffold(["--gitops", "argocd", "--repository", "acme/fleet"]);
    expect(result.stderr).not.toContain("error");
    expect(aboutRepository(report.warnings)).toEqual([]);
    const application = await readFile(join(target, "argocd/prod/everything.yaml"), "utf8");
    expect(application).toContain("repoURL: https://github.com/acme/fleet.git");
    const record = parse(await readFile(join(target, ".mcp-gitops.yaml"), "utf8"));
    expect(record.answers.repository).toMatchObject({ owner: "acme", name: "fleet" });
  });

  it("the placeholder is warned about, in --json warnings too", async () => {
    const { report } = await scaffold([]);
    expect(report.ok).toBe(true);
    expect(aboutRepository(report.warnings)).toEqual([expect.stringMatching(PLACEHOLDER)]);
    const human = await runMain(["human", "--yes"], { cwd: dir.path, env: OFFLINE });
    expect(human.stdout).toMatch(/^warning: repository: the clusters would pull from the placeholder/m);
  });

  it("--repository-url on another host: the URL as given, owner and name read from it, bootstrap for either host", async () => {
    const url = "https://git.example.com/platform/mcp-fleet.git";
    const { target, report } = await scaffold(["--repository-url", url]);
    expect(aboutRepository(report.warnings)).toEqual([]);
    const record = parse(await readFile(join(target, ".mcp-gitops.yaml"), "utf8"));
    expect(record.answers.repository).toMatchObject({ owner: "platform", name: "mcp-fleet", url });
    const readme = await readFile(join(target, "README.md"), "utf8");
    expect(readme).toContain(
      "flux bootstrap github --hostname=git.example.com --owner=platform --repository=mcp-fleet --branch=main --path=clusters/<cluster>",
    );
    expect(readme).toContain(`flux bootstrap git --url=${url} --branch=main --path=clusters/<cluster>`);
  });

  it("bad values name the flag", async () => {
    for (const [value, message] of [
      ["acme", /^error: --repository: must be owner\/name/],
      ["acme/", /^error: --repository: must be owner\/name/],
      ["-acme/fleet", /^error: --repository: must be a GitHub user or organisation name/],
    ] as const) {
      const { result } = await scaffold([`--repository=${value}`]);
      expect(result.code, value).toBe(2);
      expect(result.stderr, value).toMatch(message);
    }
    const { result } = await scaffold(["--repository-url", "ftp://example.com/x.git"]);
    expect(result.stderr).toMatch(/^error: --repository-url: /);
  });
});

describe("bootstrap commands fit the host and the owner", () => {
  async function bootstrap(set: string[]) {
    const result = await create({
      directory: join(dir.path, "b"),
      yes: true,
      dryRun: true,
      repository: "acme/fleet",
      set,
      envs: "prod",
    });
    // Without the version and promotion notes every bootstrap carries.
    return result.engine.bootstrap.filter((line) => !/^# (Flux 2\.7|promote)/.test(line));
  }

  it("a user's repository gets --personal, an organization's not; unknown, both are printed", async () => {
    const base = "flux bootstrap github --owner=acme --repository=fleet --branch=main --path=clusters/prod";
    expect(await bootstrap(["repository.ownerType=user"])).toEqual([`${base} --personal`]);
    expect(await bootstrap(["repository.ownerType=organization"])).toEqual([base]);
    expect(await bootstrap([])).toEqual([
      "# acme is an organization:",
      base,
      "# acme is a user account:",
      `${base} --personal`,
    ]);
  });

  it("GitHub Enterprise Server gets --hostname", async () => {
    const ghes = ["repository.url=https://ghe.example.com/acme/fleet.git", "repository.ownerType=organization"];
    expect(await bootstrap(ghes)).toEqual([
      "flux bootstrap github --hostname=ghe.example.com --owner=acme --repository=fleet --branch=main --path=clusters/prod",
    ]);
  });
});

describe("the pull request's review commands", () => {
  it("include the alert rules a monitored release takes as its last values file", async () => {
    const result = await create({ directory: join(dir.path, "pr"), yes: true, dryRun: true, envs: "prod" });
    const body = pullRequestBody({
      answers: result.answers,
      engine: result.engine,
      files: result.files.map((file) => file.path),
      blueprint: result.blueprint,
      generator: "create-mcp-gitops@0.0.0",
    });
    const values =
      "-f apps/base/everything/values.yaml -f apps/prod/everything/values.yaml -f apps/prod/everything/alerts.yaml";
    expect(body).toContain(`helm lint --strict charts/mcp-server ${values}`);
    expect(body).toContain(`helm template everything charts/mcp-server ${values}`);
  });
});

describe("--json failures", () => {
  it("bad input: one JSON document on stdout with the exit status, a code and the flag; stderr keeps the message", async () => {
    const result = await runMain(["x", "--yes", "--json", "--port", "70000"], { cwd: dir.path });
    expect(result.code).toBe(2);
    const document = JSON.parse(result.stdout);
    expect(document).toEqual({
      ok: false,
      exitCode: 2,
      error: { code: "usage", message: expect.stringMatching(/^--port: /), field: "--port" },
    });
    expect(result.stderr).toBe(`error: ${document.error.message}\n`);
  });

  it("an unknown flag, upgrade outside a repository and doctor without kubectl answer the same way", async () => {
    const unknown = JSON.parse((await runMain(["x", "--json", "--nope"], { cwd: dir.path })).stdout);
    expect(unknown).toMatchObject({ ok: false, exitCode: 2, error: { code: "usage" } });
    const upgrade = await runMain(["upgrade", "--json", "--allow-dirty"], { cwd: dir.path });
    expect(JSON.parse(upgrade.stdout)).toMatchObject({ ok: false, exitCode: 2, error: { field: "[directory]" } });
    const { target } = await scaffold([]);
    const doctor = await runMain(["doctor", target, "--json"], { cwd: dir.path, env: { PATH: "/nonexistent" } });
    expect(doctor.code).toBe(1);
    expect(JSON.parse(doctor.stdout)).toMatchObject({
      ok: false,
      exitCode: 1,
      error: { code: "tool", message: expect.stringMatching(/^kubectl: not found on PATH/) },
    });
  });

  it("without --json stdout stays empty on failure", async () => {
    const result = await runMain(["x", "--yes", "--port", "70000"], { cwd: dir.path });
    expect(result.stdout).toBe("");
  });
});
