/**
 * Commit the rendered files and push the branch. A push rejected because the branch moved on GitHub (someone pushed
 * meanwhile) is retried after fetching and rebasing onto it. Nothing is force-pushed, except a branch rebuilt from
 * the base (stale-branch.ts), and then only with a lease on the commit that was seen.
 */
import type { SimpleGit } from "simple-git";
import { DeliveryError } from "../errors.js";
import { guard, rebase } from "./checkout.js";
import type { Redactor } from "./redact.js";

/** Pathspecs per `git add`, well below any command-line length limit. */
const ADD_BATCH = 200;
const PUSH_ATTEMPTS = 3;

/** Stages exactly the generated files (never anything else in the work tree) and commits them if they changed. */
export async function commitFiles(
  git: SimpleGit,
  redact: Redactor,
  paths: string[],
  message: string,
): Promise<boolean> {
  for (let start = 0; start < paths.length; start += ADD_BATCH) {
    const batch = paths.slice(start, start + ADD_BATCH);
    await guard(redact, "stage the generated files", () => git.raw(["add", "--", ...batch]));
  }
  const staged = (await git.raw(["diff", "--cached", "--name-only"])).trim();
  if (staged === "") return false;
  await guard(redact, "commit", () => git.raw(["commit", "--quiet", "-m", message]));
  return true;
}

/** Commits on HEAD that `ref` lacks. */
export async function commitsAhead(git: SimpleGit, ref: string): Promise<number> {
  return Number((await git.raw(["rev-list", "--count", `${ref}..HEAD`])).trim());
}

export interface PushRequest {
  url: string;
  remote: string;
  branch: string;
  /** Replace the branch on GitHub only if it is still at this commit (a branch rebuilt from the base). */
  lease?: string;
}

/** Pushes HEAD to the branch, rebasing onto it and trying again when it moved. Returns the pushed sha. */
export async function pushBranch(git: SimpleGit, redact: Redactor, request: PushRequest): Promise<string> {
  const { url, remote, branch } = request;
  const tracking = `refs/remotes/${remote}/${branch}`;
  let lease = request.lease;
  for (let attempt = 1; ; attempt++) {
    try {
      // A lease replaces exactly the commit that was seen, never one someone pushed since.
      const replace = lease ? [`--force-with-lease=refs/heads/${branch}:${lease}`] : [];
      await git.raw(["push", "--quiet", ...replace, url, `HEAD:refs/heads/${branch}`]);
      break;
    } catch (error) {
      const message = redact((error as Error).message.trim());
      if (!branchMoved(message) || attempt >= PUSH_ATTEMPTS) {
        throw new DeliveryError(pushFailure(branch, message));
      }
      await guard(redact, `fetch ${branch}`, () =>
        git.raw(["fetch", "--quiet", url, `+refs/heads/${branch}:${tracking}`]),
      );
      await rebase(git, redact, tracking, branch);
      // Someone pushed since: their commits are now under ours, so a plain push is right.
      lease = undefined;
    }
  }
  const sha = (await git.revparse(["HEAD"])).trim();
  // Keep the clone tidy for whoever continues by hand: the tracking ref and upstream say what GitHub has.
  await git.raw(["update-ref", tracking, sha]);
  await git.raw(["branch", `--set-upstream-to=${remote}/${branch}`]).catch(() => undefined);
  return sha;
}

/** Rejections that a fetch and rebase can fix: the branch on GitHub is not what this clone last saw. */
function branchMoved(message: string): boolean {
  return /non-fast-forward|fetch first|\[rejected\]|cannot lock ref|failed to update ref|stale info|incorrect old value/i.test(
    message,
  );
}

function pushFailure(branch: string, message: string): string {
  const said = message.replace(/\s*\n\s*/g, " ");
  if (/\b(401|403)\b|Authentication failed|could not read Username|denied/i.test(message)) {
    return `GitHub refused the push of ${branch}: the token needs write access to the repository's contents (git: ${said}).`;
  }
  return `git push of ${branch} failed (git: ${said}).`;
}
