/**
 * A delivery branch that is run again on a schedule must not build on a past it no longer shares with the base:
 * - its pull request was merged (the branch kept, GitHub's default) or closed: a new run starting there would report
 *   nothing to do, or open a pull request that conflicts with the base;
 * - the base moved on and the branch holds only the tool's own commits: the change is made again on today's base,
 *   so the pull request merges cleanly. A branch someone pushed to (a conflict resolution) is kept as it is.
 * Rebuilt, the branch starts from the base; pushing it replaces the old one only if it is still what was seen here.
 */
import type { SimpleGit } from "simple-git";
import type { Api, RemoteRepository } from "./github-repo.js";
import { resolveRef } from "./git.js";
import { pullRequestState } from "./pull-request.js";

/** Every commit the tool makes names it (`create-mcp-gitops@<version>`) in its message. */
const TOOL_COMMIT = /create-mcp-gitops@\S+/;

export interface StaleBranch {
  /** Why the branch is rebuilt, for the run's warnings. */
  reason: string;
  /** The branch tip the push may replace (it is not an ancestor of the rebuilt branch), if any. */
  lease?: string;
}

export async function staleBranch(
  git: SimpleGit,
  api: Api,
  repo: RemoteRepository,
  refs: { remote: string; branch: string; base: string },
): Promise<StaleBranch | undefined> {
  const tip = await resolveRef(git, `refs/remotes/${refs.remote}/${refs.branch}`);
  const baseTip = await resolveRef(git, `refs/remotes/${refs.remote}/${refs.base}`);
  if (!tip || !baseTip || tip === baseTip) return undefined;
  const count = async (range: string) => Number((await git.raw(["rev-list", "--count", range])).trim());
  if ((await count(`${baseTip}..${tip}`)) === 0)
    return { reason: `branch ${refs.branch} was merged into ${refs.base}; it starts again from ${refs.base}` };
  const state = await pullRequestState(api, repo, refs.branch);
  if (state === "closed")
    return {
      reason: `the pull request of ${refs.branch} was merged or closed; the branch starts again from ${refs.base}`,
      lease: tip,
    };
  if ((await count(`${tip}..${baseTip}`)) === 0) return undefined;
  const messages = (await git.raw(["log", "--format=%B%x00", `${baseTip}..${tip}`]))
    .split("\0")
    .filter((m) => m.trim());
  if (!messages.every((message) => TOOL_COMMIT.test(message))) return undefined;
  return {
    reason: `${refs.base} moved on since ${refs.branch} was made; the branch is made again from ${refs.base}`,
    lease: tip,
  };
}
