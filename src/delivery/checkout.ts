/**
 * The local side before rendering: the target directory becomes (or already is) a clone of the repository, on the
 * delivery branch, started from the branch on GitHub if it exists, else from the base branch.
 *
 * The generated repository is the whole repository root, so the target is the clone's top level. A fresh clone
 * needs no --force even though it holds the base branch's files (say its README): every file it has is versioned,
 * so overwriting one shows up in the pull request and loses nothing. Files that git does not track are another
 * matter, and overwriting one of them still needs --force.
 */
import { mkdir, realpath } from "node:fs/promises";
import { dirname } from "node:path";
import type { SimpleGit } from "simple-git";
import { DeliveryError, UsageError } from "../errors.js";
import { inspectTarget, planChanges } from "../tree/flush.js";
import type { Tree } from "../tree/tree.js";
import { localGitEnvironment, openGit, repositoryKey, resolveRef } from "./git.js";
import type { RemoteRepository } from "./github-repo.js";
import type { Redactor } from "./redact.js";

/** A fresh clone is made into an empty or missing directory; an existing clone of the repository is reused. */
export type TargetKind = "clone" | "checkout";

/** Decided before any network call, so a wrong directory (or one with uncommitted changes) fails fast. */
export async function classifyTarget(directory: string, env: NodeJS.ProcessEnv): Promise<TargetKind> {
  const state = await inspectTarget(directory);
  if (!state.exists || state.empty) return "clone";
  const git = await openGit(directory, localGitEnvironment(env));
  const top = (await git.raw(["rev-parse", "--show-toplevel"]).catch(() => "")).trim();
  if (top === "" || (await realpath(top)) !== (await realpath(directory))) {
    throw new UsageError(
      `[directory] ${directory}: is not empty and not the top of a git clone; with --repo give a new folder to clone into, or a clone of the repository`,
    );
  }
  const dirty = (await git.raw(["status", "--porcelain", "--untracked-files=no"])).trim();
  if (dirty !== "") {
    throw new UsageError(
      `[directory] ${directory}: has uncommitted changes; commit or stash them first, so nothing of yours ends up in the pull request or gets lost`,
    );
  }
  return "checkout";
}

export interface CloneRequest {
  directory: string;
  kind: TargetKind;
  repo: RemoteRepository;
  /** Opens git in a directory with the authenticated environment. */
  open: (dir: string) => Promise<SimpleGit>;
  redact: Redactor;
}

/** Clone, or check that the checkout is of this repository, then fetch. Returns the remote's name. */
export async function cloneOrFetch(request: CloneRequest): Promise<string> {
  const { directory, repo } = request;
  if (request.kind === "clone") {
    await mkdir(dirname(directory), { recursive: true });
    const parent = await request.open(dirname(directory));
    await guard(request.redact, `clone ${repo.fullName}`, () =>
      parent.raw(["clone", "--quiet", "--origin", "origin", repo.cloneUrl, directory]),
    );
    return "origin";
  }
  const git = await request.open(directory);
  const remote = await matchingRemote(git, repo, directory);
  // By URL, with the remote's own tracking refs: the remote may use SSH, but the token authenticates HTTPS.
  await guard(request.redact, `fetch from ${repo.fullName}`, () =>
    git.raw(["fetch", "--quiet", "--prune", repo.cloneUrl, `+refs/heads/*:refs/remotes/${remote}/*`]),
  );
  return remote;
}

async function matchingRemote(git: SimpleGit, repo: RemoteRepository, directory: string): Promise<string> {
  const wanted = repositoryKey(repo.cloneUrl);
  const remotes = await git.getRemotes(true);
  const matches = remotes.filter((r) => repositoryKey(r.refs.fetch) === wanted).map((r) => r.name);
  if (matches.length === 0) {
    const seen = remotes.map((r) => `${r.name} ${r.refs.fetch}`).join(", ") || "no remotes";
    throw new UsageError(
      `[directory] ${directory}: is a git clone of another repository (${seen}), not ${repo.fullName}`,
    );
  }
  return matches.includes("origin") ? "origin" : matches[0]!;
}

/**
 * Switch to the delivery branch. An existing local branch is kept (it may hold a commit an earlier run could not
 * push) and rebased onto the branch on GitHub; a new one starts from GitHub's branch, else from the base. When the
 * branch is gone from GitHub (its pull request merged, most likely) and the old local one no longer rebases onto the
 * base, the old one is kept under another name and the branch starts afresh.
 */
export async function switchToBranch(
  git: SimpleGit,
  redact: Redactor,
  remote: string,
  branch: string,
  base: string,
  warnings: string[] = [],
): Promise<void> {
  const remoteBranch = `refs/remotes/${remote}/${branch}`;
  const onGitHub = Boolean(await resolveRef(git, remoteBranch));
  const start = onGitHub ? remoteBranch : `refs/remotes/${remote}/${base}`;
  if (!(await resolveRef(git, start)))
    throw new DeliveryError(`base branch '${base}' was not fetched from ${remote}; does it exist?`);
  const local = await resolveRef(git, `refs/heads/${branch}`);
  if (!local) {
    await guard(redact, `create branch ${branch}`, () =>
      git.raw(["switch", "--quiet", "--no-track", "-c", branch, start]),
    );
    return;
  }
  await guard(redact, `switch to branch ${branch}`, () => git.raw(["switch", "--quiet", branch]));
  if (onGitHub) return rebase(git, redact, start, branch);
  if (await tryRebase(git, start)) return;
  const kept = `${branch}-previous-${local.slice(0, 8)}`;
  await guard(redact, `keep the old branch as ${kept}`, () => git.raw(["branch", "--quiet", "-m", branch, kept]));
  await guard(redact, `create branch ${branch}`, () =>
    git.raw(["switch", "--quiet", "--no-track", "-c", branch, start]),
  );
  warnings.push(`the local branch ${branch} did not rebase onto ${base} and is not on GitHub; it was kept as ${kept}`);
}

/**
 * Starts the branch afresh from the base (stale-branch.ts said so). A local branch with commits GitHub's does not
 * have is kept under another name: it may hold work.
 */
export async function restartBranch(
  git: SimpleGit,
  redact: Redactor,
  remote: string,
  branch: string,
  base: string,
  warnings: string[] = [],
): Promise<void> {
  const start = `refs/remotes/${remote}/${base}`;
  const local = await resolveRef(git, `refs/heads/${branch}`);
  const onGitHub = await resolveRef(git, `refs/remotes/${remote}/${branch}`);
  if (local && local !== onGitHub) {
    const kept = `${branch}-previous-${local.slice(0, 8)}`;
    await guard(redact, `keep the old branch as ${kept}`, () => git.raw(["branch", "--quiet", "-f", kept, local]));
    warnings.push(`the local branch ${branch} had commits GitHub does not have; they were kept as ${kept}`);
  }
  await guard(redact, `start branch ${branch} from ${base}`, () =>
    git.raw(["switch", "--quiet", "--no-track", "-C", branch, start]),
  );
}

/** Rebases onto `onto`; on a conflict, puts everything back as it was and returns false. */
async function tryRebase(git: SimpleGit, onto: string): Promise<boolean> {
  try {
    await git.raw(["rebase", "--quiet", onto]);
    return true;
  } catch {
    await git.raw(["rebase", "--abort"]).catch(() => undefined);
    return false;
  }
}

/** Replays local commits onto `onto` (the branch on GitHub); a conflict puts everything back and says so. */
export async function rebase(git: SimpleGit, redact: Redactor, onto: string, branch: string): Promise<void> {
  if (await tryRebase(git, onto)) return;
  throw new DeliveryError(
    redact(
      `branch ${branch} has commits on GitHub that conflict with the local ones. Nothing was changed: merge ${onto} into the local branch ${branch}, then run the command again.`,
    ),
  );
}

/** Refuses to overwrite files git does not track (they could not be recovered), unless --force. */
export async function refuseUntrackedOverwrites(
  git: SimpleGit,
  tree: Tree,
  directory: string,
  force: boolean,
): Promise<void> {
  if (force) return;
  const updates = (await planChanges(tree, directory))
    .filter((change) => change.kind === "update")
    .map((change) => change.path);
  if (updates.length === 0) return;
  const tracked = new Set((await git.raw(["ls-files", "-z", "--", ...updates])).split("\0").filter(Boolean));
  const untracked = updates.filter((path) => !tracked.has(path));
  if (untracked.length === 0) return;
  const shown = untracked.slice(0, 5).join(", ") + (untracked.length > 5 ? ` and ${untracked.length - 5} more` : "");
  throw new UsageError(
    `[directory] ${directory}: would overwrite files that git does not track: ${shown}. Move them away, or pass --force`,
  );
}

/** Runs a git command whose failure is the user's business: a redacted DeliveryError naming what failed. */
export async function guard<T>(redact: Redactor, doing: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DeliveryError || error instanceof UsageError) throw error;
    throw new DeliveryError(redact(`git could not ${doing}: ${explainGit((error as Error).message)}`));
  }
}

/** git's own words, with the two failures everyone hits spelled out. */
function explainGit(message: string): string {
  const text = message.trim().replace(/\n+/g, " ");
  if (/\b(401|403)\b|Authentication failed|could not read Username|Permission.*denied/i.test(text)) {
    return `${text} — the token was refused for git over HTTPS; it needs write access to the repository's contents`;
  }
  return text;
}
