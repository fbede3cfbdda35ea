/**
 * A signal while a run holds a target's lock but writes nothing (before the write, or after it while it reports)
 * must not leave the lock file beside the target: the interrupt test caught a Ctrl-C just after an upgrade's write
 * leaving `.fleet.mcp-gitops.lock`. During a write the writer's InterruptGuard owns the signal and releases the lock
 * itself. Real processes, real signals.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./support/cli.js";

const CHILD = resolve(import.meta.dirname, "fixtures/lock-child.mjs");
let root: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir("mcp-gitops-lock-signals-");
});
afterAll(() => root.cleanup());

/** Starts the child, sends `signal` once it holds the lock, and resolves with how it ended and what it printed. */
function signalWhileLocked(target: string, signal: NodeJS.Signals, mode?: string) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((done, fail) => {
    const child = spawn(process.execPath, [CHILD, target, ...(mode ? [mode] : [])], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (stdout === "locked\n") child.kill(signal);
    });
    child.on("error", fail);
    child.on("close", (code, killedBy) => done({ code, signal: killedBy, stdout }));
  });
}

describe("a signal while the lock is held", () => {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    it(`${signal} outside a write: the run dies by the signal and its lock file is gone`, async () => {
      const target = join(root.path, `outside-${signal}`);
      await mkdir(target);
      const run = await signalWhileLocked(target, signal);
      expect(run.signal).toBe(signal);
      expect(existsSync(join(root.path, `.outside-${signal}.mcp-gitops.lock`))).toBe(false);
    });
  }

  it("during a write: the guard takes the signal, the run goes on to release the lock itself", async () => {
    const target = join(root.path, "guarded");
    await mkdir(target);
    const run = await signalWhileLocked(target, "SIGINT", "guarded");
    expect(run).toMatchObject({ code: 130, signal: null, stdout: "locked\nreleased\n" });
    expect(existsSync(join(root.path, ".guarded.mcp-gitops.lock"))).toBe(false);
  });
});
