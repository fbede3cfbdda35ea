/**
 * The local git repository of a scaffolded folder: whether there already is one (the end block prints only what is
 * still to do), and `create --git`'s first commit. Everything runs through run.ts; nothing here talks to a remote.
 */
import { access, readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { type CommitIdentity, identityEnvironment, identityFromConfig } from "./identity.js";
import { git, runGit } from "./run.js";

export interface LocalRepository {
  /** none: no repository; unborn: a repository without commits yet (`git init` done); committed: one with history. */
  kind: "none" | "unborn" | "committed";
  /** The repository's top folder, when there is one. */
  root?: string;
  /** It has a remote named origin. */
  origin?: boolean;
}

/** Variables that would point git at another repository than the folder's own (set inside hooks, for example). */
const LOCATION_VARIABLES = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"];

function localEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of LOCATION_VARIABLES) delete copy[name];
  return copy;
}

/**
 * The repository the folder is (or, once created, will be) part of, found as git finds it: the nearest `.git` above.
 * Read from the files, not by running git, so a plain scaffold starts no process (and loads no child_process).
 */
export async function localRepository(directory: string): Promise<LocalRepository> {
  for (let folder = resolve(directory); ; folder = dirname(folder)) {
    const dotGit = join(folder, ".git");
    const kind = await stat(dotGit).then(
      (info) => (info.isDirectory() ? "dir" : "file"),
      () => undefined,
    );
    // A .git file is a worktree or submodule: a repository with history elsewhere.
    if (kind === "file") return { kind: "committed", root: folder, origin: true };
    if (kind === "dir") return { ...(await inspectGitDir(dotGit)), root: folder };
    if (dirname(folder) === folder) return { kind: "none" };
  }
}

async function inspectGitDir(gitDir: string): Promise<Omit<LocalRepository, "root">> {
  const read = (name: string) => readFile(join(gitDir, name), "utf8").catch(() => "");
  const head = (await read("HEAD")).trim();
  const ref = /^ref: (\S+)$/.exec(head)?.[1];
  const born =
    ref === undefined ||
    (await stat(join(gitDir, ref)).then(
      () => true,
      () => false,
    )) ||
    (await read("packed-refs")).split("\n").some((line) => line.endsWith(` ${ref}`));
  const origin = /^\s*\[remote "origin"\]/m.test(await read("config"));
  return { kind: born ? "committed" : "unborn", origin };
}

async function nearestExisting(path: string): Promise<string> {
  for (let folder = path; ; folder = dirname(folder)) {
    try {
      await access(folder);
      return folder;
    } catch {
      if (dirname(folder) === folder) return folder;
    }
  }
}

/** `--author`, else git's configured identity; undefined when neither says who commits. */
export async function commitIdentity(
  author: CommitIdentity["author"] | undefined,
  directory: string,
  env: NodeJS.ProcessEnv,
): Promise<CommitIdentity | undefined> {
  if (author) return { author, committer: author };
  const cwd = await nearestExisting(resolve(directory));
  const read = async (key: string) => {
    const run = await runGit(["config", "--get", key], { cwd, env: localEnvironment(env) });
    return run.code === 0 && run.stdout.trim() !== "" ? run.stdout.trim() : undefined;
  };
  const configured = await identityFromConfig(read, env);
  return configured.author
    ? { author: configured.author, committer: configured.committer ?? configured.author }
    : undefined;
}

export interface FirstCommit {
  /** The branch the commit starts: repository.baseBranch. */
  branch: string;
  message: string;
  identity: CommitIdentity;
  env: NodeJS.ProcessEnv;
}

/** `git init` (unless the folder already is an empty repository), the branch, every file, one commit; its id. */
export async function commitFirst(directory: string, commit: FirstCommit): Promise<string> {
  const options = { cwd: directory, env: { ...localEnvironment(commit.env), ...identityEnvironment(commit.identity) } };
  // Not `git init -b`: older gits lack it; pointing the unborn HEAD at the branch works on every version.
  await git(["init", "--quiet"], options);
  await git(["symbolic-ref", "HEAD", `refs/heads/${commit.branch}`], options);
  await git(["add", "--all"], options);
  await git(["commit", "--quiet", "--message", commit.message], options);
  return (await git(["rev-parse", "HEAD"], options)).trim();
}
