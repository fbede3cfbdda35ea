/**
 * Real git on the server's bare repositories. Every call gets a scrubbed environment so a developer's
 * global config (signing, hooks, default branch) or a test's GIT_CONFIG_* variables cannot leak in.
 */
import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { devNull } from "node:os";

/** The environment every server-side git process starts from. */
export function isolatedGitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    LANG: "C",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: devNull,
    GIT_TERMINAL_PROMPT: "0",
    ...extra,
  };
}

export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} exited with ${exitCode}: ${stderr.trim()}`);
    this.name = "GitCommandError";
  }
}

/** Run git and resolve with stdout; rejects with GitCommandError on a non-zero exit. */
export function git(args: string[], opts: { cwd?: string; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = opts.input === undefined ? "ignore" : "pipe";
    const child = spawn("git", args, { cwd: opts.cwd, env: isolatedGitEnv(), stdio: [stdin, "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else reject(new GitCommandError(args, code, Buffer.concat(err).toString("utf8")));
    });
    if (opts.input !== undefined && child.stdin) {
      // A git that fails early closes its stdin; the exit code, not EPIPE, is what callers should see.
      child.stdin.on("error", () => undefined);
      child.stdin.end(opts.input);
    }
  });
}

/** Create a bare repository whose HEAD names `defaultBranch`, with pushes over HTTP allowed. */
export async function initBareRepo(gitDir: string, defaultBranch: string): Promise<void> {
  await mkdir(gitDir, { recursive: true });
  await git(["init", "--bare", "--quiet", `--initial-branch=${defaultBranch}`, gitDir]);
  // http-backend refuses receive-pack for anonymous users unless this is set; we authenticate ourselves.
  await git(["config", "http.receivepack", "true"], { cwd: gitDir });
}

export async function branchTip(gitDir: string, branch: string): Promise<string | undefined> {
  try {
    return (await git(["rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`], { cwd: gitDir })).trim();
  } catch {
    return undefined;
  }
}

export async function readBlob(gitDir: string, branch: string, path: string): Promise<string | undefined> {
  try {
    return await git(["cat-file", "blob", `refs/heads/${branch}:${path}`], { cwd: gitDir });
  } catch {
    return undefined;
  }
}

export async function listFiles(gitDir: string, branch: string): Promise<string[]> {
  if (!(await branchTip(gitDir, branch))) return [];
  const out = await git(["ls-tree", "-r", "--name-only", "-z", `refs/heads/${branch}`], { cwd: gitDir });
  return out.split("\0").filter(Boolean);
}

/** Commits reachable from `head` but not from `base`; GitHub refuses a pull request when this is zero. */
export async function commitsBetween(gitDir: string, base: string, head: string): Promise<number> {
  const out = await git(["rev-list", "--count", `${base}..${head}`], { cwd: gitDir });
  return Number(out.trim());
}

/**
 * Commit `files` on top of `branch` without a work tree. A missing branch starts from `startBranch`'s tip
 * (as `git switch -c` would), or as a root commit when that is missing too. fast-import builds nested
 * trees from plain paths in a single process, which keeps repository setup fast.
 */
export async function commitFiles(
  gitDir: string,
  branch: string,
  files: Record<string, string>,
  message: string,
  startBranch?: string,
): Promise<string> {
  const parent = (await branchTip(gitDir, branch)) ?? (startBranch ? await branchTip(gitDir, startBranch) : undefined);
  const when = `${Math.floor(Date.now() / 1000)} +0000`;
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let script = `commit refs/heads/${branch}\n`;
  script += `author Fake GitHub <fake@example.com> ${when}\ncommitter Fake GitHub <fake@example.com> ${when}\n`;
  script += data(message);
  // Without an explicit `from`, fast-import would start a parentless history and refuse the ref update.
  if (parent) script += `from ${parent}\n`;
  for (const [path, content] of Object.entries(files)) {
    // fast-import reads a path up to the end of the line; only a leading quote or a newline needs C quoting.
    const quoted = /^"|\n/.test(path) ? JSON.stringify(path) : path;
    script += `M 100644 inline ${quoted}\n${data(content)}`;
  }
  await git(["fast-import", "--quiet", "--date-format=raw"], { cwd: gitDir, input: script });
  const tip = await branchTip(gitDir, branch);
  if (!tip) throw new Error(`fast-import did not create refs/heads/${branch}`);
  return tip;
}

/**
 * Merge `head` into `base` server-side, as the merge button does: `merge` makes a merge commit, `squash` one commit
 * with the merged tree. A conflicting merge is refused (GitHub's 405). Returns the new base tip.
 */
export async function mergeBranches(
  gitDir: string,
  base: string,
  head: string,
  method: "merge" | "squash",
  message: string,
): Promise<string | undefined> {
  const [baseTip, headTip] = [await branchTip(gitDir, base), await branchTip(gitDir, head)];
  if (!baseTip || !headTip) return undefined;
  let tree: string;
  try {
    tree = (await git(["merge-tree", "--write-tree", baseTip, headTip], { cwd: gitDir })).split("\n")[0]!.trim();
  } catch {
    return undefined;
  }
  const parents = method === "merge" ? ["-p", baseTip, "-p", headTip] : ["-p", baseTip];
  const env = ["-c", "user.name=Fake GitHub", "-c", "user.email=fake@example.com"];
  const commit = (await git([...env, "commit-tree", tree, ...parents, "-m", message], { cwd: gitDir })).trim();
  await git(["update-ref", `refs/heads/${base}`, commit, baseTip], { cwd: gitDir });
  return commit;
}
