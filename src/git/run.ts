/**
 * Every git process the tool starts outside delivery goes through here (delivery drives git through simple-git, with
 * the same rules: src/delivery/git.ts). One place decides what git may do on its own:
 * - it never waits for a password (GIT_TERMINAL_PROMPT=0): in CI that is a hang, not a question;
 * - output is bounded, and a non-zero exit is a result, not an exception, because for some commands (merge-file,
 *   diff --no-index) the exit status is the answer.
 * child_process loads here, lazily: `create` imports modules that may run git (blueprint sources) but a plain
 * scaffold never starts it, and child_process with its dependencies costs start-up time.
 */

export interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  cwd?: string;
  /** The environment git runs with; default the process's own. GIT_TERMINAL_PROMPT=0 is always added. */
  env?: NodeJS.ProcessEnv;
  maxBuffer?: number;
  /** Written to git's standard input (e.g. `update-index --index-info`); otherwise stdin is closed at once. */
  input?: string;
}

/** Runs git; resolves with the exit status and output whatever the status (a signal counts as 128 + 1). */
export async function runGit(args: string[], options: GitOptions = {}): Promise<GitRun> {
  const { execFile } = await import("node:child_process");
  return new Promise((resolve) => {
    const child = execFile(
      "git",
      args,
      {
        cwd: options.cwd,
        env: { ...(options.env ?? process.env), GIT_TERMINAL_PROMPT: "0" },
        maxBuffer: options.maxBuffer ?? 256 * 1024 * 1024,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        const code = !error ? 0 : typeof error.code === "number" ? error.code : 129;
        resolve({ code, stdout, stderr: stderr || (code === 129 ? String(error?.message) : "") });
      },
    );
    // A git that exits early closes its stdin; its exit status, not EPIPE, is the answer.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(options.input ?? "");
  });
}

/** Runs git and returns its output; a non-zero exit throws with git's first words on stderr. */
export async function git(args: string[], options: GitOptions = {}): Promise<string> {
  const run = await runGit(args, options);
  if (run.code !== 0) throw new Error(run.stderr.trim() || `git ${args[0]} exited with ${run.code}`);
  return run.stdout;
}
