/**
 * Delivery under hostile conditions (issue 19), with the real binary, real git and the loopback GitHub:
 * - `NODE_DEBUG=child_process` prints the environment of every process Node starts: the token and its Basic header
 *   must not be there;
 * - a reused clone's hooks (pre-commit, post-checkout, pre-push) must never see the header or the token — they do
 *   not run for the tool's own git calls at all;
 * - a branch equal to the base, or one git would not accept, is refused before anything is cloned or pushed;
 * - a token pasted with a trailing CR works; one that is not token-shaped is named as such.
 */
import { randomBytes } from "node:crypto";
import { access, chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuthorization } from "../src/delivery/redact.js";
import { runCli, tempDir, type CliResult } from "./support/cli.js";
import { startFakeGitHub, type FakeGitHub } from "./support/github-server.js";

const TOKEN = `t0k3n-${randomBytes(16).toString("hex")}`;
const HEADER = basicAuthorization(TOKEN).slice("Basic ".length);
const IDENTITY = {
  GIT_AUTHOR_NAME: "CI Bot",
  GIT_AUTHOR_EMAIL: "ci@example.com",
  GIT_COMMITTER_NAME: "CI Bot",
  GIT_COMMITTER_EMAIL: "ci@example.com",
};

let work: { path: string; cleanup: () => Promise<void> };
let gh: FakeGitHub;

beforeAll(async () => {
  work = await tempDir("mcp-gitops-delivery-hostile-");
  await mkdir(join(work.path, "home"));
  gh = await startFakeGitHub({ token: TOKEN, owner: "octo" });
});
afterAll(async () => {
  await gh?.close();
  await work?.cleanup();
});

function deliver(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, {
    cwd: work.path,
    env: {
      GITHUB_TOKEN: TOKEN,
      GH_TOKEN: undefined,
      GITHUB_API_URL: gh.apiUrl,
      HOME: join(work.path, "home"),
      XDG_CONFIG_HOME: join(work.path, "home"),
      ...IDENTITY,
      ...env,
    },
  });
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe("the token never reaches child-process debug output or hooks", () => {
  it("NODE_DEBUG=child_process shows no token and no Authorization header", async () => {
    await gh.createRepo("octo", "debugged");
    const run = await deliver(["debugged", "--yes", "--repo", "octo/debugged"], { NODE_DEBUG: "child_process" });
    expect(run.code, run.stderr).toBe(0);
    // The debug output is there (so the check means something) and names git's environment, without the secret.
    expect(run.stderr).toMatch(/CHILD_PROCESS \d+: spawn/i);
    expect(run.stderr).toContain("GIT_CONFIG_COUNT");
    for (const secret of [TOKEN, HEADER]) expect(run.stderr + run.stdout).not.toContain(secret);
  });

  it("a reused clone's hooks never run for delivery, so they cannot see the header", async () => {
    await gh.createRepo("octo", "hooked");
    const clone = join(work.path, "hooked");
    expect((await deliver(["hooked", "--yes", "--repo", "octo/hooked"])).code).toBe(0);
    const dump = join(work.path, "hook-env");
    await mkdir(dump);
    for (const hook of ["pre-commit", "post-checkout", "pre-push", "post-commit", "reference-transaction"]) {
      const path = join(clone, ".git/hooks", hook);
      await writeFile(
        path,
        `#!/bin/sh\nenv > "${dump}/${hook}.env"\ncat "$GIT_CONFIG_VALUE_1" >> "${dump}/${hook}.env" 2>/dev/null\nexit 0\n`,
      );
      await chmod(path, 0o755);
    }
    const again = await deliver(["hooked", "--yes", "--repo", "octo/hooked", "--envs", "dev,qa"]);
    expect(again.code, again.stderr).toBe(0);
    for (const file of await readdir(dump)) {
      const seen = await readFile(join(dump, file), "utf8");
      expect(seen, file).not.toContain(TOKEN);
      expect(seen, file).not.toContain(HEADER);
    }
    expect(await readdir(dump)).toEqual([]);
  });
});

describe("delivery refuses a wrong branch before cloning", () => {
  it("--branch equal to --base: exit 2, nothing cloned, nothing pushed", async () => {
    await gh.createRepo("octo", "based");
    const before = gh.requests.length;
    const run = await deliver(["based", "--yes", "--repo", "octo/based", "--branch", "main", "--base", "main"]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^error: --branch: 'main' is the base branch the pull request targets/m);
    expect(await exists(join(work.path, "based"))).toBe(false);
    expect(gh.requests.length).toBe(before);
  });

  it("--branch equal to the repository's default branch: refused after the look-up, before cloning", async () => {
    await gh.createRepo("octo", "defaulted");
    const run = await deliver(["defaulted", "--yes", "--repo", "octo/defaulted", "--branch", "main"]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/'main' is the base branch/);
    expect(await exists(join(work.path, "defaulted"))).toBe(false);
    expect(gh.requests.some((request) => request.path.includes("/git/octo/defaulted"))).toBe(false);
  });

  it("--branch HEAD: exit 2 before anything runs", async () => {
    const run = await deliver(["headed", "--yes", "--repo", "octo/headed", "--branch", "HEAD"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --branch: 'HEAD' .*reserved by git/m);
    expect(await exists(join(work.path, "headed"))).toBe(false);
  });
});

describe("tokens are trimmed and checked for shape", () => {
  it("a token with a trailing CR delivers", async () => {
    await gh.createRepo("octo", "crlf");
    const run = await deliver(["crlf", "--yes", "--repo", "octo/crlf"], { GITHUB_TOKEN: `${TOKEN}\r` });
    expect(run.code, run.stderr).toBe(0);
  });

  it("a one-letter token is named as not a token, and messages stay readable", async () => {
    const run = await deliver(["short", "--yes", "--repo", "octo/short"], { GITHUB_TOKEN: "a" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: GITHUB_TOKEN: is not a GitHub token: it is only 1 character long$/m);
  });
});
