/**
 * Hostile file systems (issue 19): a target that is a mount point (as `docker run -v` or a PVC make it), a full
 * disk, a read-only one, a folder the user may not write to, names too long, a prepared empty folder whose mode and
 * owner must stay, the shell's current folder, and a folder swapped for a symbolic link in the middle of a run.
 * Each failure is one message naming the path and what to do, exit 1, nothing half-written.
 *
 * Mounts need root (CI runs as root); without it these cases are skipped with the reason printed, never silently.
 */
import { execFile, spawn } from "node:child_process";
import { chmod, chown, mkdir, readdir, readFile, rename, stat, statfs, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recoverInterruptedWrite } from "../src/tree/flush.js";
import { BIN, runCli, tempDir } from "./support/cli.js";
import { snapshotTree } from "./support/files.js";
import { startPaused } from "./support/paused-run.js";
import { renderBundledRelease } from "./support/upgrade-repos.js";

const run = promisify(execFile);

/** Whether tmpfs mounts work here; the reason when they do not. */
async function mountSupport(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return "not running as root";
  const probe = await tempDir("mcp-gitops-mount-probe-");
  try {
    await run("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.path]);
    await run("umount", [probe.path]);
    return undefined;
  } catch (error) {
    return `mount -t tmpfs failed: ${(error as Error).message.split("\n")[0]}`;
  } finally {
    await probe.cleanup();
  }
}

const noMounts = await mountSupport();
if (noMounts) console.warn(`hostile-filesystem: skipping the mount cases (${noMounts})`);
const notRoot = process.getuid?.() !== 0 ? "not running as root" : undefined;
if (notRoot) console.warn(`hostile-filesystem: skipping the owner and permission cases (${notRoot})`);

let tmp: { path: string; cleanup: () => Promise<void> };
const mounted: string[] = [];
beforeEach(async () => {
  tmp = await tempDir("mcp-gitops-fs-");
});
afterEach(async () => {
  for (const path of mounted.splice(0)) await run("umount", ["-l", path]).catch(() => undefined);
  await tmp.cleanup();
});

async function mount(name: string, options = "size=16m"): Promise<string> {
  const path = join(tmp.path, name);
  await mkdir(path, { recursive: true });
  await run("mount", ["-t", "tmpfs", "-o", options, "tmpfs", path]);
  mounted.push(path);
  return path;
}

const RECORDED_100 = {
  gitops: "flux",
  repository: { owner: "my-org", baseBranch: "main", name: "data", url: "https://github.com/my-org/data.git" },
  servers: [
    {
      ...{ name: "weather", image: "ghcr.io/acme/weather:1.0.0", port: 3000, env: {}, description: "" },
      ...{ transport: "streamable-http", path: "/mcp", mode: "deployment", command: [], args: [] },
      ...{ secretEnvFrom: [], values: {} },
    },
  ],
  environments: [{ name: "dev", cluster: "in-cluster", values: {}, profile: "dev" }].map((environment) => ({
    ...environment,
    namespace: "mcp-dev",
    replicas: 1,
    size: "small",
  })),
};

/** One `error:` line, no stack trace. */
function oneMessage(stderr: string): string {
  expect(stderr).not.toMatch(/unexpected failure|\n\s+at /);
  const errors = stderr.split("\n").filter((line) => line.startsWith("error:"));
  expect(errors, stderr).toHaveLength(1);
  return errors[0]!;
}

describe.skipIf(Boolean(noMounts))("a target that is a mount point", () => {
  it("an empty mount point is written inside, never renamed", async () => {
    const data = await mount("data");
    const device = (await stat(data)).dev;
    const result = await runCli(["data", "--yes"], { cwd: tmp.path });
    expect(result.code, result.stderr).toBe(0);
    expect((await stat(data)).dev).toBe(device);
    expect(await readdir(data)).toContain(".mcp-gitops.yaml");
    expect(await readdir(tmp.path)).toEqual(["data"]);
  });

  it("create --force into a mount point moves files across devices", async () => {
    const data = await mount("data");
    expect((await runCli(["data", "--yes"], { cwd: tmp.path })).code).toBe(0);
    const result = await runCli(["data", "--yes", "--force", "--envs", "dev,qa"], { cwd: tmp.path });
    expect(result.code, result.stderr).toBe(0);
    expect(await readdir(join(data, "apps"))).toContain("qa");
    expect(await readdir(tmp.path)).toEqual(["data"]);
  });

  it("upgrade of a repository on a mount point", async () => {
    const data = await mount("data");
    await renderBundledRelease("1.0.0", RECORDED_100, data);
    const result = await runCli(["upgrade", "data", "--allow-dirty"], { cwd: tmp.path });
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(join(data, ".mcp-gitops.yaml"), "utf8")).toMatch(/version: 1\.2\.0/);
    expect(await readdir(tmp.path)).toEqual(["data"]);
  });

  it("a run killed mid-commit across devices is rolled back by the next one", async () => {
    const data = await mount("data");
    expect((await runCli(["data", "--yes"], { cwd: tmp.path })).code).toBe(0);
    const before = await snapshotTree(data);
    const paused = await startPaused(["data", "--yes", "--force", "--envs", "dev,qa,prod"], {
      cwd: tmp.path,
      phase: "committing",
    });
    paused.kill("SIGKILL");
    await paused.exited;
    expect(await snapshotTree(data)).not.toEqual(before);
    expect((await recoverInterruptedWrite(data)).files).toBeGreaterThan(0);
    expect(await snapshotTree(data)).toEqual(before);
  });
});

describe.skipIf(Boolean(noMounts))("a disk that fails", () => {
  it("disk full while creating: exit 1 naming the disk, nothing left behind", async () => {
    const small = await mount("small", "size=48k");
    const result = await runCli(["small/fleet", "--yes"], { cwd: tmp.path });
    expect(result.code, result.stderr).toBe(1);
    expect(oneMessage(result.stderr)).toMatch(/the disk is full; free some space .*\(ENOSPC\)/);
    expect(await readdir(small)).toEqual([]);
  });

  it("disk full while updating: exit 1, the repository as it was", async () => {
    const small = await mount("small", "size=1m");
    expect((await runCli(["small/fleet", "--yes"], { cwd: tmp.path })).code).toBe(0);
    const before = await snapshotTree(join(small, "fleet"));
    // Fill the disk but for a few pages: enough for the lock, not for the new files.
    const free = await statfs(small);
    await writeFile(join(small, "filler"), Buffer.alloc(free.bavail * free.bsize - 16 * 1024));
    const result = await runCli(["small/fleet", "--yes", "--force", "--envs", "dev,a,b,c,d,e"], { cwd: tmp.path });
    expect(result.code, result.stderr).toBe(1);
    expect(oneMessage(result.stderr)).toMatch(/\(ENOSPC\); nothing in .* was changed/);
    expect(await snapshotTree(join(small, "fleet"))).toEqual(before);
    expect((await readdir(small)).sort()).toEqual(["filler", "fleet"]);
  });

  it("a read-only file system: exit 1 saying so (not 'no such file')", async () => {
    const ro = await mount("ro");
    expect((await runCli(["ro/fleet", "--yes"], { cwd: tmp.path })).code).toBe(0);
    await run("mount", ["-o", "remount,ro", ro]);
    const before = await snapshotTree(ro);
    const result = await runCli(["ro/fleet", "--yes", "--force", "--envs", "dev,qa"], { cwd: tmp.path });
    expect(result.code, result.stderr).toBe(1);
    expect(oneMessage(result.stderr)).toMatch(/read-only.*\(EROFS\)/);
    expect(await snapshotTree(ro)).toEqual(before);
  });
});

describe.skipIf(Boolean(notRoot))("owners and permissions", () => {
  it("a folder the user may not write to: exit 1, permission denied, nothing written", async () => {
    await mkdir(join(tmp.path, "locked"), { mode: 0o755 });
    await chmod(tmp.path, 0o755);
    const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [BIN, "locked/fleet", "--yes"], {
        cwd: tmp.path,
        uid: 65534,
        gid: 65534,
        env: { ...process.env, HOME: "/tmp", CI: "true", NO_COLOR: "1" },
      });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.on("close", (code) => done({ code, stderr }));
    });
    expect(result.code, result.stderr).toBe(1);
    expect(oneMessage(result.stderr)).toMatch(/permission denied; give a folder you may write to.*\(EACCES\)/);
    expect(await readdir(join(tmp.path, "locked"))).toEqual([]);
  });

  it("a prepared empty target keeps its mode, owner and identity", async () => {
    const target = join(tmp.path, "prepared");
    await mkdir(target);
    await chown(target, 1234, 2345);
    await chmod(target, 0o2770);
    const before = await stat(target);
    const result = await runCli(["prepared", "--yes"], { cwd: tmp.path });
    expect(result.code, result.stderr).toBe(0);
    const after = await stat(target);
    expect([after.mode & 0o7777, after.uid, after.gid, after.ino]).toEqual([0o2770, 1234, 2345, before.ino]);
    expect(await readdir(target)).toContain(".mcp-gitops.yaml");
  });
});

describe("names and folders", () => {
  it("mkdir x && cd x && create . leaves the shell's folder in place", async () => {
    const x = join(tmp.path, "x");
    await mkdir(x);
    const before = await stat(x);
    const result = await runCli([".", "--yes"], { cwd: x });
    expect(result.code, result.stderr).toBe(0);
    expect((await stat(x)).ino).toBe(before.ino);
    expect(await readdir(x)).toContain(".mcp-gitops.yaml");
    expect(await readdir(tmp.path)).toEqual(["x"]);
  });

  it("a 240-byte folder name works; one past the file system's limit is a message", async () => {
    const long = "f".repeat(240);
    const ok = await runCli([long, "--yes"], { cwd: tmp.path });
    expect(ok.code, ok.stderr).toBe(0);
    expect(await readdir(tmp.path)).toEqual([long]);
    const tooLong = await runCli(["g".repeat(300), "--yes"], { cwd: tmp.path });
    expect(tooLong.code).not.toBe(0);
    expect(oneMessage(tooLong.stderr)).toMatch(/ENAMETOOLONG/);
    expect(await readdir(tmp.path)).toEqual([long]);
  });

  it("a folder swapped for a symbolic link during the run is never written through", async () => {
    expect((await runCli(["fleet", "--yes"], { cwd: tmp.path })).code).toBe(0);
    const outside = join(tmp.path, "outside");
    const before = await snapshotTree(join(tmp.path, "fleet"));
    const paused = await startPaused(["fleet", "--yes", "--force", "--envs", "dev,staging,prod,qa"], {
      cwd: tmp.path,
      phase: "staged",
    });
    // apps/ moves outside the target and a link takes its place.
    await mkdir(outside);
    await rename(join(tmp.path, "fleet/apps"), join(outside, "apps"));
    await symlink(join(outside, "apps"), join(tmp.path, "fleet/apps"));
    const outsideBefore = await snapshotTree(outside);
    await paused.resume();
    const result = await paused.exited;
    expect(result.code, result.stderr).toBe(1);
    expect(oneMessage(result.stderr)).toMatch(/fleet\/apps: became a symbolic link while the run was writing/);
    expect(await snapshotTree(outside)).toEqual(outsideBefore);
    // Everything else is as it was; only the swap itself remains.
    const now = await snapshotTree(join(tmp.path, "fleet"));
    const untouched = (snapshot: Record<string, string>) =>
      Object.fromEntries(Object.entries(snapshot).filter(([path]) => !path.startsWith("apps")));
    expect(untouched(now)).toEqual(untouched(before));
  });
});
