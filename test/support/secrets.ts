/**
 * Proves a token leaked nowhere: not in anything printed, not in any file (including everything under .git, and the
 * decompressed content of every git object), not in a URL, body or non-Authorization header the server received,
 * and not in the arguments of any process. Also records the argv of every git process a run starts, through a
 * transparent wrapper that logs and then runs the real git.
 */
import { execFile, execFileSync } from "node:child_process";
import { chmod, lstat, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { RecordedRequest } from "./github-server.js";

const run = promisify(execFile);

export interface SecretScan {
  /** Everything the runs printed (stdout and stderr). */
  outputs?: string[];
  /** Folders to scan recursively, .git included. */
  dirs?: string[];
  /** Requests a fake GitHub received; only the Authorization header may carry the token. */
  serverRequests?: RecordedRequest[];
  /** Command lines of the processes that ran. */
  argv?: string[];
}

/** The token as is, percent-encoded, and inside the Basic credentials git sends. */
export function secretForms(token: string): string[] {
  return [
    token,
    encodeURIComponent(token),
    Buffer.from(token).toString("base64"),
    Buffer.from(`x-access-token:${token}`).toString("base64"),
  ];
}

/** Every place a form of the token was found, as readable descriptions (empty when there is none). */
export async function findSecret(token: string, scan: SecretScan): Promise<string[]> {
  const forms = secretForms(token);
  const contains = (text: string | Buffer) => forms.some((form) => text.includes(form));
  const found: string[] = [];
  for (const [index, output] of (scan.outputs ?? []).entries()) if (contains(output)) found.push(`output #${index}`);
  for (const line of scan.argv ?? []) if (contains(line)) found.push(`argv: ${line.slice(0, 80)}`);
  for (const request of scan.serverRequests ?? []) {
    const { authorization: _allowed, ...headers } = request.headers;
    if (contains(request.url)) found.push(`URL of ${request.method} ${request.path}`);
    if (contains(JSON.stringify(request.body ?? ""))) found.push(`body of ${request.method} ${request.path}`);
    if (contains(JSON.stringify(headers))) found.push(`headers of ${request.method} ${request.path}`);
  }
  for (const dir of scan.dirs ?? []) {
    for (const file of await filesUnder(dir)) if (contains(await readFile(file))) found.push(`file ${file}`);
    for (const gitDir of (await filesUnder(dir, true)).filter((path) => path.endsWith("/.git"))) {
      if (contains(await allObjects(gitDir))) found.push(`git objects in ${gitDir}`);
    }
  }
  return found;
}

export async function assertNoSecret(token: string, scan: SecretScan): Promise<void> {
  const found = await findSecret(token, scan);
  if (found.length > 0) throw new Error(`the token leaked into:\n  ${found.join("\n  ")}`);
}

/** Files (or, with `dirsOnly`, folders) under `root`, symbolic links not followed. */
async function filesUnder(root: string, dirsOnly = false): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (dirsOnly) out.push(path);
        await walk(path);
      } else if (!dirsOnly && entry.isFile()) out.push(path);
    }
  };
  if ((await lstat(root).catch(() => undefined))?.isDirectory()) await walk(root);
  return out;
}

/** Every object of a repository, decompressed: commits, trees and blobs in packs and loose files alike. */
async function allObjects(gitDir: string): Promise<Buffer> {
  const { stdout } = await run("git", ["--git-dir", gitDir, "cat-file", "--batch-all-objects", "--batch"], {
    encoding: "buffer",
    maxBuffer: 512 * 1024 * 1024,
    env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: "1", HOME: gitDir },
  });
  return stdout;
}

export interface ArgvRecorder {
  /** Put first on the child's PATH. */
  binDir: string;
  /** One line per git process started, its arguments joined by spaces. */
  lines(): Promise<string[]>;
}

/** A `git` on PATH that appends its arguments to a log, then runs the real git with them unchanged. */
export async function recordGitArgv(dir: string): Promise<ArgvRecorder> {
  const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  const binDir = join(dir, "bin");
  const log = join(dir, "git-argv.log");
  await mkdir(binDir, { recursive: true });
  await writeFile(log, "");
  const script = `#!/bin/sh\nprintf '%s\\n' "git $*" >> ${shellQuote(log)}\nexec ${shellQuote(realGit)} "$@"\n`;
  await writeFile(join(binDir, "git"), script);
  await chmod(join(binDir, "git"), 0o755);
  return { binDir, lines: async () => (await readFile(log, "utf8")).split("\n").filter(Boolean) };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
