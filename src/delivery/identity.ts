/**
 * Who delivery commits are by: `--author`, else the identity git is configured with (user.name/user.email or the
 * GIT_AUTHOR_* / GIT_COMMITTER_* variables), else the token owner's GitHub no-reply address, which keeps commits
 * attributable on CI machines that have no git identity at all (the run says so in a warning).
 */
import type { SimpleGit } from "simple-git";
import { configuredIdentity, type CommitIdentity } from "./git.js";
import { tokenOwner, type Api, type RemoteRepository } from "./github-repo.js";
import type { Identity } from "./options.js";

export interface IdentityRequest {
  author?: Identity;
  /** git opened in the clone, so its local config counts too. */
  git: SimpleGit;
  env: NodeJS.ProcessEnv;
  api: Api;
  repo: RemoteRepository;
  warnings: string[];
}

export async function commitIdentity(request: IdentityRequest): Promise<CommitIdentity> {
  if (request.author) return { author: request.author, committer: request.author };
  const configured = await configuredIdentity(request.git, request.env);
  if (configured.author) return { author: configured.author, committer: configured.committer ?? configured.author };
  const owner = await tokenOwner(request.api);
  const host = new URL(request.repo.htmlUrl).hostname;
  const fallback = { name: owner.name || owner.login, email: `${owner.id}+${owner.login}@users.noreply.${host}` };
  request.warnings.push(
    `no git identity is configured; committed as ${fallback.name} <${fallback.email}> (pass --author "Name <email>" to choose)`,
  );
  return { author: fallback, committer: fallback };
}
