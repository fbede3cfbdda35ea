/**
 * Killing the real binary at chosen points of a write. The binary's test hook (src/tree/interrupts.ts) prints
 * `mcp-gitops: phase <name>` as each write phase starts (MCP_GITOPS_TEST_TRACE=1) and can pause at one
 * (MCP_GITOPS_TEST_PAUSE_AT), so a kill can land at an exact phase or at a random delay into the write.
 */
import { spawn } from "node:child_process";
import { isDeepStrictEqual } from "node:util";
import { BIN } from "./cli.js";
import { snapshotTree } from "./files.js";

export type Snapshot = Record<string, string>;

/** mulberry32: a tiny seeded generator, so every run kills at the same points. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface KillPlan {
  signal: "SIGINT" | "SIGKILL";
  /** Kill when the binary reports it paused at this phase. */
  pauseAt?: string;
  /** Otherwise: kill this many ms after `from` (the spawn, or the first `phase writing` line). */
  delayMs?: number;
  from?: "spawn" | "writing";
}

export interface KilledRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** The last write phase the binary reported before it died; `before-writing` if none, `finished` on exit 0. */
  phase: string;
  killed: boolean;
  /** Time from the `phase writing` line to the exit, when the write started. */
  writingMs?: number;
}

/** Runs the binary and kills it as `plan` says; without a plan it runs to the end (to measure it). */
export function runAndKill(args: string[], cwd: string, plan?: KillPlan): Promise<KilledRun> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FORCE_COLOR: "0",
    NO_COLOR: "1",
    CI: "true",
    MCP_GITOPS_TEST_TRACE: "1",
  };
  if (plan?.pauseAt) env.MCP_GITOPS_TEST_PAUSE_AT = plan.pauseAt;
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  let killed = false;
  let timer: NodeJS.Timeout | undefined;
  let writingAt: number | undefined;
  const kill = () => {
    if (plan && child.exitCode === null && child.signalCode === null && !killed) killed = child.kill(plan.signal);
  };
  const arm = (delay: number) => (timer ??= setTimeout(kill, delay));
  if (plan && !plan.pauseAt && plan.from !== "writing") arm(plan.delayMs ?? 0);
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    if (writingAt === undefined && stderr.includes("phase writing\n")) writingAt = Date.now();
    if (plan?.pauseAt && stderr.includes(`paused at ${plan.pauseAt}\n`)) kill();
    if (plan && !plan.pauseAt && plan.from === "writing" && writingAt !== undefined) arm(plan.delayMs ?? 0);
  });
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const phases = [...stderr.matchAll(/^mcp-gitops: phase (\S+)$/gm)].map((match) => match[1]!);
      const phase = code === 0 ? "finished" : (phases.at(-1) ?? "before-writing");
      resolve({
        code,
        signal,
        stderr,
        phase,
        killed,
        writingMs: writingAt === undefined ? undefined : Date.now() - writingAt,
      });
    });
  });
}

export type Outcome = "before" | "after" | "partial";

export async function classify(
  dir: string,
  before: Snapshot,
  after: Snapshot,
): Promise<{ outcome: Outcome; differing: string[]; snapshot: Snapshot }> {
  const now = await snapshotTree(dir);
  if (isDeepStrictEqual(now, before)) return { outcome: "before", differing: [], snapshot: now };
  if (isDeepStrictEqual(now, after)) return { outcome: "after", differing: [], snapshot: now };
  const paths = new Set([...Object.keys(now), ...Object.keys(before)]);
  const differing = [...paths].filter((path) => now[path] !== before[path]).slice(0, 5);
  return { outcome: "partial", differing, snapshot: now };
}
