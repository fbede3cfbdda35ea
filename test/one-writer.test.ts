/**
 * One writer per target, and recovery that never destroys newer work (issues 19 and 18), with real processes: a
 * run paused inside its write (src/tree/interrupts.ts test hook) while a second run starts, a run killed mid-write
 * and what later runs do with its journal — through another spelling of the path, after `git checkout .` and an
 * edit, with a pid that another process has since been given.
 */
import { spawn } from "node:child_process";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, tempDir } from "./support/cli.js";
import { snapshotTree } from "./support/files.js";
import { startPaused } from "./support/paused-run.js";
import { commitAll, git, renderBundledRelease } from "./support/upgrade-repos.js";

let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await tempDir("mcp-gitops-one-writer-");
});
afterEach(() => tmp.cleanup());

/** Answers as bundled 1.0.0 recorded them: resolved, every default written out. */
const RECORDED_100 = {
  gitops: "flux",
  repository: { owner: "my-org", baseBranch: "main", name: "fleet", url: "https://github.com/my-org/fleet.git" },
  servers: [
    {
      name: "weather",
      image: "ghcr.io/acme/weather:1.0.0",
      port: 3000,
      env: {},
      description: "",
      transport: "streamable-http",
      path: "/mcp",
      mode: "deployment",
      command: [],
      args: [],
      secretEnvFrom: [],
      values: {},
    },
  ],
  environments: ["dev", "prod"].map((name) => ({
    name,
    cluster: "in-cluster",
    values: {},
    profile: name,
    namespace: `mcp-${name}`,
    replicas: name === "prod" ? 2 : 1,
    size: name === "prod" ? "medium" : "small",
  })),
};

const REFUSED = /^error: .*another create-mcp-gitops run \(process \d+\) is writing it/m;

describe("one writer per target", () => {
  it("two create --force runs: the second is refused while the first writes; the result is the first's alone", async () => {
    expect((await runCli(["fleet", "--yes"], { cwd: tmp.path })).code).toBe(0);
    const first = await startPaused(["fleet", "--yes", "--force", "--envs", "dev,qa"], {
      cwd: tmp.path,
      phase: "staged",
    });
    const second = await runCli(["fleet", "--yes", "--force", "--gitops", "argocd"], { cwd: tmp.path });
    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toMatch(REFUSED);
    expect(second.stderr).toContain(`process ${first.pid}`);
    await first.resume();
    expect((await first.exited).code).toBe(0);
    const record = await readFile(join(tmp.path, "fleet/.mcp-gitops.yaml"), "utf8");
    expect(record).toContain("name: qa");
    expect(record).toContain("gitops: flux");
    expect(await readdir(tmp.path)).toEqual(["fleet"]);
  });

  it("two creates into one new folder: one writes, the other is refused", async () => {
    const first = await startPaused(["fleet", "--yes"], { cwd: tmp.path, phase: "staging" });
    const second = await runCli(["fleet", "--yes", "--gitops", "argocd"], { cwd: tmp.path });
    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toMatch(REFUSED);
    await first.resume();
    expect((await first.exited).code).toBe(0);
    expect(await readFile(join(tmp.path, "fleet/.mcp-gitops.yaml"), "utf8")).toContain("gitops: flux");
    expect(await readdir(tmp.path)).toEqual(["fleet"]);
  });

  it("a run that passed its checks is not overtaken: an upgrade started meanwhile is refused", async () => {
    await renderBundledRelease("1.0.0", RECORDED_100, join(tmp.path, "fleet"));
    const first = await startPaused(["fleet", "--yes", "--force"], { cwd: tmp.path, phase: "writing" });
    const upgrade = await runCli(["upgrade", "fleet", "--allow-dirty"], { cwd: tmp.path });
    expect(upgrade.code, upgrade.stderr).toBe(1);
    expect(upgrade.stderr).toMatch(REFUSED);
    // Runs that only look refuse too, rather than report a half-written target.
    const check = await runCli(["upgrade", "fleet", "--check"], { cwd: tmp.path });
    expect(check.stderr).toMatch(REFUSED);
    await first.resume();
    expect((await first.exited).code).toBe(0);
  });

  it("a lock or staging folder left by a killed run whose pid now belongs to another process does not block", async () => {
    expect((await runCli(["fleet", "--yes"], { cwd: tmp.path })).code).toBe(0);
    // A live process that is not a writer: its pid, with another start time, is what a reused pid looks like.
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"]);
    try {
      await writeFile(
        join(tmp.path, ".fleet.mcp-gitops.lock"),
        JSON.stringify({ pid: other.pid, start: 1, target: join(tmp.path, "fleet") }),
      );
      await mkdir(join(tmp.path, `.fleet.mcp-gitops-${other.pid}-1-0badf00d`, "new"), { recursive: true });
      const again = await runCli(["fleet", "--yes", "--force", "--envs", "dev,qa"], { cwd: tmp.path });
      expect(again.code, again.stderr).toBe(0);
      expect(await readdir(tmp.path)).toEqual(["fleet"]);
    } finally {
      other.kill();
    }
  });
});

describe("the journal is the target's, however its path is spelled", () => {
  async function killedThrough(spelling: string): Promise<Record<string, string>> {
    expect((await runCli(["real/fleet", "--yes"], { cwd: tmp.path })).code).toBe(0);
    await symlink("real", join(tmp.path, "link"));
    const before = await snapshotTree(join(tmp.path, "real/fleet"));
    const run = await startPaused([spelling, "--yes", "--force", "--envs", "dev,qa"], {
      cwd: tmp.path,
      phase: "committing",
    });
    run.kill("SIGKILL");
    await run.exited;
    expect(await snapshotTree(join(tmp.path, "real/fleet"))).not.toEqual(before);
    return before;
  }

  it("a run killed through link/fleet is rolled back by the next run through the real path", async () => {
    const before = await killedThrough("link/fleet");
    const next = await runCli(["real/fleet", "--yes", "--force", "--json"], { cwd: tmp.path });
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout).warnings.join("\n")).toMatch(/interrupted/);
    expect(await readdir(join(tmp.path, "real"))).toEqual(["fleet"]);
    // Rolled back first, then written by the --yes run: the original answers, not the killed run's.
    expect(await snapshotTree(join(tmp.path, "real/fleet"))).toEqual(before);
  });

  it("a later run through the link never applies the journal over newer content, not even --dry-run", async () => {
    await killedThrough("real/fleet");
    const readme = join(tmp.path, "real/fleet/README.md");
    await writeFile(readme, "# my newer work\n");
    const snapshot = await snapshotTree(tmp.path);
    const dry = await runCli(["link/fleet", "--yes", "--force", "--dry-run"], { cwd: tmp.path });
    expect(dry.stderr).toMatch(/^error: .*README\.md/m);
    expect(await snapshotTree(tmp.path)).toEqual(snapshot);
    const target = await snapshotTree(join(tmp.path, "real/fleet"));
    const run = await runCli(["link/fleet", "--yes", "--force"], { cwd: tmp.path });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/since then this file was changed: README\.md\. Nothing was undone/);
    expect(await readFile(readme, "utf8")).toBe("# my newer work\n");
    expect(await snapshotTree(join(tmp.path, "real/fleet"))).toEqual(target);
    expect((await readdir(join(tmp.path, "real"))).some((name) => name.startsWith(".fleet.mcp-gitops-"))).toBe(true);
  });
});

describe("recovery never destroys newer work (issue 18)", () => {
  async function killedUpgrade(): Promise<string> {
    const repo = join(tmp.path, "fleet");
    await renderBundledRelease("1.0.0", RECORDED_100, repo);
    await git(repo, "init", "--quiet", "--initial-branch=main");
    await commitAll(repo, "generated");
    const run = await startPaused(["upgrade", "fleet"], { cwd: tmp.path, phase: "committing" });
    run.kill("SIGKILL");
    await run.exited;
    return repo;
  }

  it("the record is written last: a run killed half-way still records the old version", async () => {
    const repo = await killedUpgrade();
    expect(await git(repo, "status", "--porcelain")).not.toBe("");
    expect(await git(repo, "diff", "--name-only", "--", ".mcp-gitops.yaml")).toBe("");
  });

  it("kill → git checkout . → edit → upgrade --check keeps the edit; upgrade then stops naming the file", async () => {
    const repo = await killedUpgrade();
    await git(repo, "checkout", ".");
    const edited = join(repo, "apps/base/weather/values.yaml");
    const mine = `${await readFile(edited, "utf8")}# my hotfix\n`;
    await writeFile(edited, mine);
    const snapshot = await snapshotTree(tmp.path);

    const check = await runCli(["upgrade", "fleet", "--check"], { cwd: tmp.path });
    expect(check.stderr).toMatch(/apps\/base\/weather\/values\.yaml/);
    expect(await readFile(edited, "utf8")).toBe(mine);
    expect(await snapshotTree(tmp.path)).toEqual(snapshot);

    const dry = await runCli(["upgrade", "fleet", "--dry-run"], { cwd: tmp.path });
    expect(dry.stderr).toMatch(/apps\/base\/weather\/values\.yaml/);
    expect(await snapshotTree(tmp.path)).toEqual(snapshot);

    const upgrade = await runCli(["upgrade", "fleet", "--allow-dirty"], { cwd: tmp.path });
    expect(upgrade.code, upgrade.stderr).toBe(1);
    expect(upgrade.stderr).toMatch(/this file was changed: apps\/base\/weather\/values\.yaml\. Nothing was undone/);
    expect(upgrade.stderr).toMatch(/as they were before that run are in .*backup/);
    expect(await readFile(edited, "utf8")).toBe(mine);
    // The journal and backups stay, so nothing of either side is lost.
    expect((await readdir(tmp.path)).some((name) => name.startsWith(".fleet.mcp-gitops-"))).toBe(true);
  });

  it("kill → git checkout . without edits: --check reports the pending recovery and changes nothing; the next upgrade finishes", async () => {
    const repo = await killedUpgrade();
    await git(repo, "checkout", ".");
    const snapshot = await snapshotTree(tmp.path);
    const check = await runCli(["upgrade", "fleet", "--check", "--json"], { cwd: tmp.path });
    expect(JSON.parse(check.stdout).warnings.join("\n")).toMatch(/interrupted.*undone by the next run without --check/);
    expect(await snapshotTree(tmp.path)).toEqual(snapshot);
    const upgrade = await runCli(["upgrade", "fleet", "--allow-dirty", "--json"], { cwd: tmp.path });
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(JSON.parse(upgrade.stdout).warnings.join("\n")).toMatch(/were undone first/);
    expect(await readdir(tmp.path)).toEqual(["fleet"]);
  });
});
