/**
 * `create-mcp-gitops upgrade` as a user runs it, on real git repositories in temp folders, with two versions of a
 * tiny fixture blueprint (folders and a git repository), and the bundled 1.0.0 → current, offline. Each kind of
 * upgrade runs the real binary once; setup and the checks of messages and exit codes call main() in-process.
 */
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBundledBlueprint } from "../src/blueprint/blueprint.js";
import { runCli, runMain, tempDir } from "./support/cli.js";
import { snapshotTree } from "./support/files.js";
import { startFakeGitHub, type FakeGitHub } from "./support/github-server.js";
import { checkRepository } from "./support/repo-check.js";
import { blueprintRepository, commitAll, git, readRecord, renderBundledRelease } from "./support/upgrade-repos.js";

const FIXTURES = resolve(import.meta.dirname, "fixtures/blueprints");
const V1 = join(FIXTURES, "tiny-v1");
const V2 = join(FIXTURES, "tiny-v2");
const SERVER = [
  "--yes",
  "--name",
  "demo",
  "--image",
  "ghcr.io/acme/demo:1.0.0",
  "--set",
  "servers.demo.env.GREETING=hello",
];

const read = (dir: string, path: string) => readFile(join(dir, path), "utf8");

describe("upgrade tiny 1.0.0 → 2.0.0 with every kind of user edit", () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let repo: string;
  let committed: Record<string, string>;

  beforeAll(async () => {
    tmp = await tempDir();
    repo = join(tmp.path, "app");
    const created = await runMain(["app", ...SERVER, "--blueprint", V1], { cwd: tmp.path });
    expect(created.code, created.stderr).toBe(0);
    await commitAll(repo, "Generated with tiny 1.0.0");
    // The user's edits, committed like any other change.
    await writeFile(
      join(repo, "apps/demo/values.yaml"),
      (await read(repo, "apps/demo/values.yaml")).replace("replicas: 1", "replicas: 3"),
    );
    await writeFile(join(repo, "config/conflict.yaml"), "timeout: 45s\nretries: 3\n");
    await rm(join(repo, "config/user-deletes.yaml"));
    await writeFile(
      join(repo, "config/removed-modified.yaml"),
      `${await read(repo, "config/removed-modified.yaml")}extra: mine\n`,
    );
    await writeFile(join(repo, "config/user-created.yaml"), "owner: me\nnote: mine\n");
    await commitAll(repo, "Edits");
    committed = await snapshotTree(repo);
  });
  afterAll(() => tmp.cleanup());

  it("records the folder blueprint relative to the repository", async () => {
    expect((await readRecord(repo)).blueprint).toEqual({ name: "tiny", version: "1.0.0", source: relative(repo, V1) });
  });

  it("--check exits 1 when a newer version is available and writes nothing", async () => {
    const result = await runMain(["upgrade", "--check", "--blueprint", V2], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/newer blueprint is available: tiny 1\.0\.0 → tiny 2\.0\.0/);
    expect(await snapshotTree(repo)).toEqual(committed);
  });

  it("--dry-run prints the plan and a unified diff, lists the conflicts, and writes nothing", async () => {
    const result = await runMain(["upgrade", "--dry-run", "--blueprint", V2], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}MERGE {4}apps\/demo\/values\.yaml/m);
    expect(result.stdout).toContain("diff --git a/apps/demo/values.yaml b/apps/demo/values.yaml");
    expect(result.stdout).toContain("-    cpu: 100m\n+    cpu: 250m");
    expect(result.stderr).toMatch(
      /2 files have conflicts \(dry run: nothing written\): config\/conflict\.yaml, config\/user-created\.yaml/,
    );
    expect(await snapshotTree(repo)).toEqual(committed);
  });

  it("refuses a dirty working tree unless --allow-dirty", async () => {
    await writeFile(join(repo, "scratch.txt"), "uncommitted\n");
    const result = await runMain(["upgrade", "--blueprint", V2], { cwd: repo });
    await rm(join(repo, "scratch.txt"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/uncommitted changes.*--allow-dirty[\s\S]*\?\? scratch\.txt/);
    expect(await snapshotTree(repo)).toEqual(committed);
  });

  describe("the upgrade itself", () => {
    let result: Awaited<ReturnType<typeof runCli>>;
    let report: any;

    beforeAll(async () => {
      result = await runCli(["upgrade", ".", "--blueprint", V2, "--json"], { cwd: repo });
      report = JSON.parse(result.stdout);
    });

    it("exits 1 and lists the conflicts, in JSON and on stderr", () => {
      expect(result.code).toBe(1);
      expect(report.status).toBe("upgraded");
      // One document (the failure is not printed as a second one), which says the run is not ok.
      expect(report.ok).toBe(false);
      expect(report.conflicts).toEqual(["config/conflict.yaml", "config/user-created.yaml"]);
      expect(result.stderr).toMatch(/^error: 2 files have conflicts; resolve the <<<<<<< markers/);
      expect(Object.fromEntries(report.files.map((file: any) => [file.path, file.action]))).toEqual({
        "README.md": "take-theirs",
        "apps/demo/values.yaml": "merge",
        "config/added.yaml": "add",
        "config/conflict.yaml": "merged-with-conflicts",
        "config/old/removed-unmodified.yaml": "delete",
        "config/removed-modified.yaml": "keep-modified-removed",
        "config/user-created.yaml": "add-conflict",
        "config/user-deletes.yaml": "stays-deleted",
      });
    });

    it("keeps the user's edit to a values file and takes the blueprint's change elsewhere in it", async () => {
      const values = await read(repo, "apps/demo/values.yaml");
      expect(values).toContain("replicas: 3\n");
      expect(values).toContain("cpu: 250m\n");
      expect(values).not.toContain("<<<<<<<");
    });

    it("writes a conflicting edit inline with standard markers naming both sides", async () => {
      expect(await read(repo, "config/conflict.yaml")).toBe(
        "<<<<<<< yours\ntimeout: 45s\n=======\ntimeout: 60s\n>>>>>>> tiny 2.0.0\nretries: 3\n",
      );
    });

    it("never overwrites a file the user created where the blueprint now has one", async () => {
      const content = await read(repo, "config/user-created.yaml");
      expect(content).toContain("owner: me\nnote: mine\n");
      expect(content).toContain("owner: blueprint\n");
      expect(content).toMatch(/^<<<<<<< yours$/m);
    });

    it("does not resurrect a file the user deleted", async () => {
      await expect(read(repo, "config/user-deletes.yaml")).rejects.toThrow(/ENOENT/);
    });

    it("deletes a file the blueprint removed that the user never touched, and its emptied folder", async () => {
      await expect(read(repo, "config/old/removed-unmodified.yaml")).rejects.toThrow(/ENOENT/);
      await expect(read(repo, "config/old")).rejects.toThrow(/ENOENT/);
    });

    it("keeps and reports a file the blueprint removed but the user edited", async () => {
      expect(await read(repo, "config/removed-modified.yaml")).toContain("extra: mine\n");
    });

    it("adds the blueprint's new file", async () => {
      expect(await read(repo, "config/added.yaml")).toBe("# New in 2.0.0.\nmetrics: enabled\n");
    });

    it("migrates the answers and records the new version, source and answers", async () => {
      const record = await readRecord(repo);
      expect(record.blueprint).toMatchObject({
        name: "tiny",
        version: "2.0.0",
        source: expect.stringMatching(/^\.\..*tiny-v2$/),
      });
      expect(record.answers.servers[0].env).toEqual({ MCP_GREETING: "hello" });
      expect(report.migrations).toEqual([
        { version: "2.0.0", description: "servers[].env.GREETING is now MCP_GREETING" },
      ]);
      expect(await read(repo, "apps/demo/values.yaml")).toContain("env:\n  MCP_GREETING: hello\n");
      expect(await read(repo, "README.md")).toContain("Rendered by blueprint tiny 2.0.0.");
    });

    it("a second upgrade (after resolving and committing) changes nothing", async () => {
      await writeFile(join(repo, "config/conflict.yaml"), "timeout: 45s\nretries: 3\n");
      await writeFile(join(repo, "config/user-created.yaml"), "owner: me\nnote: mine\n");
      await commitAll(repo, "Upgrade to tiny 2.0.0");
      const before = await snapshotTree(repo);
      for (const args of [["upgrade"], ["upgrade", "--blueprint", V2], ["upgrade", "--check"]]) {
        const again = await runMain(args, { cwd: repo });
        expect(again.code, again.stderr).toBe(0);
        expect(again.stdout).toMatch(/^Up to date: tiny 2\.0\.0/);
      }
      expect(await snapshotTree(repo)).toEqual(before);
      expect(await git(repo, "status", "--porcelain")).toBe("");
    });

    it("refuses to go back to an older version", async () => {
      const back = await runMain(["upgrade", "--blueprint", V1], { cwd: repo });
      expect(back.code).toBe(2);
      expect(back.stderr).toMatch(/tiny 1\.0\.0 .* is older than the recorded 2\.0\.0; upgrade never downgrades/);
    });
  });
});

describe("upgrade stops when the merge base cannot be obtained", () => {
  it("exits 2, says why, and writes nothing (never a two-way overwrite)", async () => {
    const tmp = await tempDir();
    try {
      const blueprint = join(tmp.path, "blueprint");
      await cp(V1, blueprint, { recursive: true });
      const created = await runMain(["app", ...SERVER, "--blueprint", blueprint], { cwd: tmp.path });
      expect(created.code, created.stderr).toBe(0);
      const repo = join(tmp.path, "app");
      await commitAll(repo, "Generated");
      await rm(blueprint, { recursive: true });
      const before = await snapshotTree(repo);
      const result = await runMain(["upgrade", "--blueprint", V2], { cwd: repo });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /cannot obtain the merge base, tiny 1\.0\.0 from \.\.\/blueprint .*no such folder.*nothing written/,
      );
      expect(await snapshotTree(repo)).toEqual(before);
    } finally {
      await tmp.cleanup();
    }
  });
});

describe("a blueprint kept in git (<url>#<ref>)", () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let url: string;
  let commits: { v1: string; v2: string };
  let publish: (blueprint: string, tag: string) => Promise<string>;

  beforeAll(async () => {
    tmp = await tempDir();
    ({ url, publish } = await blueprintRepository(tmp.path));
    commits = { v1: await publish(V1, "v1.0.0"), v2: "" };
  });
  afterAll(() => tmp.cleanup());

  it("records the ref and commit; a moved branch is upgraded from the recorded commit; a tag pins it", async () => {
    const created = await runCli(["app", ...SERVER, "--blueprint", `${url}#main`], { cwd: tmp.path });
    expect(created.code, created.stderr).toBe(0);
    const repo = join(tmp.path, "app");
    expect((await readRecord(repo)).blueprint).toEqual({
      name: "tiny",
      version: "1.0.0",
      source: `${url}#main`,
      commit: commits.v1,
    });
    await writeFile(
      join(repo, "apps/demo/values.yaml"),
      (await read(repo, "apps/demo/values.yaml")).replace("replicas: 1", "replicas: 3"),
    );
    await commitAll(repo, "Generated and edited");

    commits.v2 = await publish(V2, "v2.0.0");
    // No --blueprint: the recorded source (branch main) has moved on; base is still the recorded commit.
    const upgraded = await runCli(["upgrade", "--json"], { cwd: repo });
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(JSON.parse(upgraded.stdout)).toMatchObject({
      from: { version: "1.0.0", commit: commits.v1 },
      to: { version: "2.0.0", commit: commits.v2 },
    });
    expect(await read(repo, "apps/demo/values.yaml")).toMatch(/replicas: 3\n[\s\S]*cpu: 250m/);
    expect((await readRecord(repo)).blueprint).toEqual({
      name: "tiny",
      version: "2.0.0",
      source: `${url}#main`,
      commit: commits.v2,
    });
  });

  it("upgrades to an explicit tag with --blueprint <url>#<tag>, and refuses an unknown ref", async () => {
    const created = await runMain(["pinned", ...SERVER, "--blueprint", `${url}#v1.0.0`], { cwd: tmp.path });
    expect(created.code, created.stderr).toBe(0);
    const repo = join(tmp.path, "pinned");
    await commitAll(repo, "Generated");
    expect((await runMain(["upgrade", "--check"], { cwd: repo })).code).toBe(0); // the tag does not move
    const unknown = await runMain(["upgrade", "--blueprint", `${url}#v9`], { cwd: repo });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no branch, tag or commit 'v9'/);
    const upgraded = await runMain(["upgrade", "--blueprint", `${url}#v2.0.0`, "--to", "2.0.0"], { cwd: repo });
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect((await readRecord(repo)).blueprint).toEqual({
      name: "tiny",
      version: "2.0.0",
      source: `${url}#v2.0.0`,
      commit: commits.v2,
    });
    expect(await read(repo, "config/added.yaml")).toContain("metrics: enabled");
  });
});

describe("the bundled blueprint: 1.0.0 → current, offline", () => {
  // The record create-mcp-gitops 0.1.0 (blueprint 1.0.0) wrote for `old --yes --envs dev,prod`: answers in 1.0.0's shape.
  const RECORD_1_0_0 = resolve(import.meta.dirname, "fixtures/mcp-gitops-1.0.0-record.yaml");
  let tmp: { path: string; cleanup: () => Promise<void> };
  let old: string;
  let live: string;

  beforeAll(async () => {
    tmp = await tempDir();
    live = (await loadBundledBlueprint()).version;
    old = join(tmp.path, "old");
    // What that release wrote, re-rendered from the archive the package ships (byte-identical to its output).
    await renderBundledRelease("1.0.0", (await readRecord(dirname(RECORD_1_0_0), basename(RECORD_1_0_0))).answers, old);
    await writeFile(join(old, "RUNBOOK.md"), "# Our runbook\n");
    await commitAll(old, "Generated with mcp-gitops 1.0.0");
  });
  afterAll(() => tmp.cleanup());

  it("--check reports the newer version; --to a version the package does not ship is refused", async () => {
    const check = await runMain(["upgrade", "old", "--check", "--json"], { cwd: tmp.path });
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({
      status: "available",
      from: { version: "1.0.0", source: "bundled" },
      to: { version: live },
    });
    const missing = await runMain(["upgrade", "old", "--to", "0.0.1"], { cwd: tmp.path });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/not shipped .* \(it has 1\.0\.0, .*\)/);
  });

  it("upgrades to exactly what the current version generates for the recorded answers, keeps the user's own files, and passes the real tools", async () => {
    const upgraded = await runCli(["upgrade", "old", "--json"], { cwd: tmp.path });
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(JSON.parse(upgraded.stdout)).toMatchObject({
      status: "upgraded",
      conflicts: [],
      to: { name: "mcp-gitops", version: live, source: "bundled" },
    });
    const record = await readRecord(old);
    expect(record.blueprint).toEqual({ name: "mcp-gitops", version: live, source: "bundled" });
    // A fresh scaffold with the answers the upgrade recorded is what the upgraded repository must now be.
    await writeFile(join(tmp.path, "answers.yaml"), JSON.stringify(record.answers));
    const fresh = await runMain(["fresh", "--answers", "answers.yaml"], { cwd: tmp.path });
    expect(fresh.code, fresh.stderr).toBe(0);
    const expected = await snapshotTree(join(tmp.path, "fresh"));
    const actual = await snapshotTree(old);
    expect(actual["RUNBOOK.md"]).toBe("# Our runbook\n");
    const generated = Object.keys(actual).filter((path) => path !== "RUNBOOK.md" && !path.startsWith(".git/"));
    expect(generated.sort()).toEqual(Object.keys(expected).sort());
    for (const path of generated) if (path !== ".mcp-gitops.yaml") expect(actual[path], path).toBe(expected[path]);
    expect(record.answers).toEqual((await readRecord(join(tmp.path, "fresh"))).answers);
    await checkRepository(old);
  });

  it("a second upgrade is a no-op", async () => {
    await commitAll(old, "Upgrade");
    const before = await snapshotTree(old);
    const again = await runMain(["upgrade", "old"], { cwd: tmp.path });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^Up to date: mcp-gitops ${live.replaceAll(".", "\\.")} \\(bundled\\)`));
    expect(await snapshotTree(old)).toEqual(before);
  });
});

describe("upgrade --pr (loopback GitHub, real git over HTTP)", () => {
  const TOKEN = "upgrade-test-token-0123456789";
  const BRANCH = "mcp-gitops/upgrade";
  let tmp: { path: string; cleanup: () => Promise<void> };
  let gh: FakeGitHub;
  let work: string;
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

  beforeAll(async () => {
    tmp = await tempDir();
    gh = await startFakeGitHub({ token: TOKEN, owner: "octo" });
    // Generated at the same depth as the clone below, so the recorded relative blueprint folder resolves from both.
    const generated = join(tmp.path, "gen");
    work = join(tmp.path, "work");
    await Promise.all([mkdir(generated), mkdir(work)]);
    const created = await runMain(["fleet", ...SERVER, "--blueprint", V1, "--set", "repository.owner=octo"], {
      cwd: generated,
    });
    expect(created.code, created.stderr).toBe(0);
    const files = Object.fromEntries(
      Object.entries(await snapshotTree(join(generated, "fleet"))).filter(([path]) => !path.endsWith("/")),
    );
    files["config/conflict.yaml"] = "timeout: 45s\nretries: 3\n";
    await gh.createRepo("octo", "fleet", { files });
  });
  afterAll(async () => {
    await gh?.close();
    await tmp.cleanup();
  });

  it("clones, upgrades on a branch and opens a draft pull request when conflicts remain; the base is untouched", async () => {
    const mainBefore = await gh.branchSha("octo", "fleet", "main");
    const run = await runCli(
      ["upgrade", "fleet", "--pr", "--repo", "octo/fleet", "--blueprint", V2, "--labels", "blueprint", "--json"],
      { cwd: work, env: env() },
    );
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      status: "upgraded",
      conflicts: ["config/conflict.yaml"],
      pullRequest: `${gh.webUrl}/octo/fleet/pull/1`,
    });
    expect(report.delivery).toMatchObject({
      branch: BRANCH,
      base: "main",
      committed: true,
      pushed: true,
      pullRequest: { number: 1, created: true, draft: true },
    });
    const [pull] = gh.pulls("octo", "fleet");
    expect(pull).toMatchObject({
      head: BRANCH,
      base: "main",
      draft: true,
      labels: ["blueprint"],
      title: "Upgrade blueprint tiny 1.0.0 → 2.0.0",
    });
    expect(pull!.body).toContain("`config/conflict.yaml`");
    expect(await gh.readFileAtBranch("octo", "fleet", BRANCH, ".mcp-gitops.yaml")).toMatch(/version: 2\.0\.0/);
    expect(await gh.readFileAtBranch("octo", "fleet", BRANCH, "config/conflict.yaml")).toContain("<<<<<<< yours");
    expect(await gh.filesAtBranch("octo", "fleet", BRANCH)).toContain("config/added.yaml");
    expect(await gh.filesAtBranch("octo", "fleet", BRANCH)).not.toContain("config/old/removed-unmodified.yaml");
    expect(await gh.branchSha("octo", "fleet", "main")).toBe(mainBefore);
  });

  it("a second run updates the same pull request and keeps a conflict resolution pushed meanwhile", async () => {
    const resolved = "timeout: 45s\nretries: 3\n";
    await gh.commitFiles("octo", "fleet", BRANCH, { "config/conflict.yaml": resolved }, "Resolve the conflict");
    const run = await runMain(["upgrade", "fleet", "--pr", "--blueprint", V2], { cwd: work, env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Up to date: tiny 2\.0\.0/m);
    expect(run.stdout).toMatch(/Pull request #1 updated/);
    expect(gh.pulls("octo", "fleet")).toHaveLength(1);
    expect(await gh.readFileAtBranch("octo", "fleet", BRANCH, "config/conflict.yaml")).toBe(resolved);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it("refuses the pull-request flags without --pr", async () => {
    const run = await runMain(["upgrade", "fleet", "--repo", "octo/fleet"], { cwd: work, env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--repo: only applies with --pr/);
  });
});
