/**
 * The real binary stopped at a phase of its write (src/tree/interrupts.ts test hook) while a test does something
 * beside it — runs a second command, swaps a folder for a link — and then let go, or killed.
 */
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN } from "./cli.js";

export interface PausedRun {
  pid: number;
  /** Lets the run go on from its pause. */
  resume(): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>;
}

let counter = 0;

export async function startPaused(
  args: string[],
  options: { cwd: string; phase: string; env?: NodeJS.ProcessEnv },
): Promise<PausedRun> {
  const resumeFile = join(tmpdir(), `mcp-gitops-resume-${process.pid}-${counter++}-${Date.now()}`);
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: {
      ...process.env,
      FORCE_COLOR: "0",
      NO_COLOR: "1",
      CI: "true",
      MCP_GITOPS_TEST_PAUSE_AT: options.phase,
      MCP_GITOPS_TEST_RESUME_FILE: resumeFile,
      MCP_GITOPS_TEST_PAUSE_MS: "60000",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>(
    (done) => child.on("close", (code, signal) => done({ code, signal, stderr, stdout })),
  );
  await new Promise<void>((paused, failed) => {
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (stderr.includes(`paused at ${options.phase}`)) paused();
    });
    void exited.then(() => failed(new Error(`exited before pausing at ${options.phase}: ${stderr}`)));
  });
  return {
    pid: child.pid!,
    resume: async () => {
      await writeFile(resumeFile, "");
    },
    kill: (signal) => child.kill(signal),
    exited,
  };
}
