/**
 * Runs the CLI the way a user does, without a terminal or colour: `runCli` spawns the real, built binary in a
 * directory; `runMain` calls main() from the sources in this process with its own directory, environment and
 * output, so many runs share one process (and one module load) and need no build.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main } from "../../src/cli/main.js";

export const BIN = resolve(import.meta.dirname, "../../bin/create-mcp-gitops.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliResult> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: options.cwd,
        env: cliEnv(options.env),
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}

/** main(args) in this process, seen as runCli sees the binary: exit status and everything written to each stream. */
export async function runMain(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const pipe = { isTTY: false };
  const code = await main(args, {
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    cwd: options.cwd ?? process.cwd(),
    env: cliEnv(options.env),
    streams: { stdin: pipe, stdout: pipe, stderr: pipe },
  });
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}

/** The environment of a run: this process's, in CI, without colour, plus the test's own variables. */
function cliEnv(env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  return { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", CI: "true", ...env };
}

/** A fresh temporary folder, removed by the returned cleanup. */
export async function tempDir(prefix = "mcp-gitops-test-"): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}
