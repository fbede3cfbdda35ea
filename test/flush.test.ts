/**
 * The crash-safe writer (src/tree/flush.ts) on its own: creates, updates and deletes in an existing folder, the
 * journal rollback after a SIGKILL in the middle of a commit with deletions, a second run refusing to touch a target
 * another live run is writing, and stale staging folders being cleaned up. Kills hit a real child process
 * (test/fixtures/flush-child.mjs) paused at a named phase by the writer's test hook.
 */
import { spawn } from "node:child_process";
import { chmod, mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConflictError } from "../src/errors.js";
import { flush, inspectTarget, planChanges, recoverInterruptedWrite } from "../src/tree/flush.js";
import { Tree } from "../src/tree/tree.js";
import { tempDir } from "./support/cli.js";
import { snapshotTree } from "./support/files.js";

const CHILD = resolve(import.meta.dirname, "fixtures/flush-child.mjs");

let tmp: { path: string; cleanup: () => Promise<void> };
let parent: string;
let target: string;
beforeEach(async () => {
  tmp = await tempDir("mcp-gitops-flush-");
  parent = join(tmp.path, "work");
  target = join(parent, "repo");
  await writeTarget({
    "same.txt": "same\n",
    "script.sh": "old\n",
    "gone/only.txt": "bye\n",
    "gone/also.txt": "bye\n",
    "keep/mine.txt": "mine\n",
  });
  await chmod(join(target, "script.sh"), 0o755);
});
afterEach(() => tmp.cleanup());

async function writeTarget(files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(target, path, ".."), { recursive: true });
    await writeFile(join(target, path), content);
  }
}

/** What the runs below write: one unchanged, one update, two creates in new folders, two deletes. */
const SPEC = {
  write: { "same.txt": "same\n", "script.sh": "new\n", "new/deep/file.txt": "fresh\n", "new/other.txt": "fresh\n" },
  delete: ["gone/only.txt", "gone/also.txt", "never-existed.txt"],
};

function treeOf(spec: typeof SPEC): Tree {
  const tree = new Tree();
  for (const [path, content] of Object.entries(spec.write)) tree.write(path, content);
  return tree;
}

/** Runs the child writer paused at `phase`; resolves once it is paused, with a way to kill it and await its exit. */
async function pausedChild(phase: string) {
  const specPath = join(tmp.path, "spec.json");
  await writeFile(specPath, JSON.stringify(SPEC));
  const child = spawn(process.execPath, [CHILD, target, specPath], {
    env: { ...process.env, MCP_GITOPS_TEST_PAUSE_AT: phase },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
    child.on("close", (code, signal) => done({ code, signal, stderr })),
  );
  await new Promise<void>((paused, failed) => {
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (stderr.includes(`paused at ${phase}`)) paused();
    });
    void exited.then(() => failed(new Error(`the child exited before pausing at ${phase}: ${stderr}`)));
  });
  return {
    pid: child.pid!,
    kill: (signal: NodeJS.Signals) => {
      child.kill(signal);
      return exited;
    },
  };
}

describe("flush into an existing folder", () => {
  it("creates, updates and deletes; keeps modes, identical files and files it was not given; removes emptied folders", async () => {
    const state = await inspectTarget(target);
    const changes = await planChanges(treeOf(SPEC), target, { delete: SPEC.delete });
    expect(changes.map((change) => `${change.kind} ${change.path}`).sort()).toEqual([
      "create new/deep/file.txt",
      "create new/other.txt",
      "delete gone/also.txt",
      "delete gone/only.txt",
      "unchanged same.txt",
      "update script.sh",
    ]);
    await flush(treeOf(SPEC), target, changes, state);
    expect(await snapshotTree(target)).toEqual({
      "keep/": "<dir>",
      "keep/mine.txt": "mine\n",
      "new/": "<dir>",
      "new/deep/": "<dir>",
      "new/deep/file.txt": "fresh\n",
      "new/other.txt": "fresh\n",
      "same.txt": "same\n",
      "script.sh": "new\n",
    });
    expect((await stat(join(target, "script.sh"))).mode & 0o777).toBe(0o755);
    expect(await readdir(parent)).toEqual(["repo"]);
  });

  it("a new folder appears complete in one rename, with nothing left next to it", async () => {
    const fresh = join(parent, "fresh");
    await flush(treeOf(SPEC), fresh, await planChanges(treeOf(SPEC), fresh), await inspectTarget(fresh));
    expect(
      Object.keys(await snapshotTree(fresh))
        .filter((path) => !path.endsWith("/"))
        .sort(),
    ).toEqual(["new/deep/file.txt", "new/other.txt", "same.txt", "script.sh"]);
    expect((await readdir(parent)).sort()).toEqual(["fresh", "repo"]);
  });
});

describe("interrupted commits with deletions", () => {
  // journaled: the journal is written and the new folders made, no file moved yet — the folders are all that changed.
  it.each([
    ["journaled", { files: 0, folders: 2 }],
    ["committing", { files: 2, folders: 2 }],
    ["committed", { files: 5, folders: 2 }],
  ])("SIGKILL at %s: the next look at the target rolls everything back, and counts it", async (phase, undone) => {
    const before = await snapshotTree(target);
    const child = await pausedChild(phase);
    await child.kill("SIGKILL");
    const killed = await snapshotTree(target);
    expect(killed).not.toEqual(before);
    expect(await recoverInterruptedWrite(target, { readOnly: true })).toEqual(undone);
    expect(await snapshotTree(target)).toEqual(killed);
    expect(await recoverInterruptedWrite(target)).toEqual(undone);
    expect(await snapshotTree(target)).toEqual(before);
    expect((await stat(join(target, "script.sh"))).mode & 0o777).toBe(0o755);
    expect(await readdir(parent)).toEqual(["repo"]);
  });

  it("a new folder the user has put a file in since stays, with its parents, and is not counted", async () => {
    const before = await snapshotTree(target);
    const child = await pausedChild("journaled");
    await child.kill("SIGKILL");
    await writeFile(join(target, "new", "deep", "mine.txt"), "mine\n");
    expect(await recoverInterruptedWrite(target)).toEqual({ files: 0, folders: 0 });
    expect(await snapshotTree(target)).toEqual({
      ...before,
      "new/": "<dir>",
      "new/deep/": "<dir>",
      "new/deep/mine.txt": "mine\n",
    });
    expect(await readdir(parent)).toEqual(["repo"]);
  });

  it("a half-copied file that a cross-device move left in a new folder goes, with the folder, and is counted", async () => {
    const before = await snapshotTree(target);
    const child = await pausedChild("journaled");
    await child.kill("SIGKILL");
    // What a kill during moves.ts copyInto leaves: the copy under its temporary name, the file itself not yet there.
    await writeFile(join(target, "new", "deep", `.mcp-gitops-${child.pid}.partial`), "fre");
    expect(await recoverInterruptedWrite(target)).toEqual({ files: 1, folders: 2 });
    expect(await snapshotTree(target)).toEqual(before);
  });

  it("SIGINT at committing rolls back at once and exits 130", async () => {
    const before = await snapshotTree(target);
    const child = await pausedChild("committing");
    const exit = await child.kill("SIGINT");
    expect(exit.code, exit.stderr).toBe(130);
    expect(await snapshotTree(target)).toEqual(before);
    expect(await readdir(parent)).toEqual(["repo"]);
  });

  it("refuses to touch a target that another live run is writing, naming that process", async () => {
    const child = await pausedChild("staged");
    try {
      const error = await recoverInterruptedWrite(target).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as Error).message).toMatch(
        new RegExp(`another create-mcp-gitops run \\(process ${child.pid}\\) is writing it`),
      );
    } finally {
      await child.kill("SIGINT");
    }
    expect(await readdir(parent)).toEqual(["repo"]);
  });

  it("removes a stale staging folder of a process that is gone, without touching the target", async () => {
    const gone = spawn(process.execPath, ["-e", "0"]);
    await new Promise((done) => gone.on("close", done));
    const stale = join(parent, `.repo.mcp-gitops-${gone.pid}-0badf00d`);
    await mkdir(join(stale, "new"), { recursive: true });
    await writeFile(join(stale, "new", "half.txt"), "half\n");
    const before = await snapshotTree(target);
    expect(await recoverInterruptedWrite(target)).toEqual({ files: 0, folders: 0 });
    expect(await snapshotTree(target)).toEqual(before);
    expect(await readdir(parent)).toEqual(["repo"]);
  });
});
