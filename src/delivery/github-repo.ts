/** The repository side of delivery: look it up (or create it), check the base branch, and who the token is. */
import { DeliveryError } from "../errors.js";
import { call, gitHubFailure, statusOf, type GitHub } from "./github.js";
import type { Redactor } from "./redact.js";

export interface Api {
  gh: GitHub;
  apiUrl: string;
  redact: Redactor;
}

export interface RemoteRepository {
  owner: string;
  name: string;
  fullName: string;
  /** What git clones and pushes: GitHub's `clone_url`, so GHES and test servers work unchanged. */
  cloneUrl: string;
  htmlUrl: string;
  defaultBranch: string;
  /** Whether the owner is a user account or an organization (bootstrap commands differ: `--personal`). */
  ownerType?: "user" | "organization";
  /** True when this run created the repository. */
  created: boolean;
}

export interface TokenOwner {
  login: string;
  id: number;
  name?: string;
}

export async function findOrCreateRepository(
  api: Api,
  target: { owner: string; name: string; createRepo: boolean; private: boolean },
): Promise<RemoteRepository> {
  const full = `${target.owner}/${target.name}`;
  const found = await findRepository(api, target.owner, target.name);
  if (found) return found;
  if (!target.createRepo) {
    throw new DeliveryError(
      `repository ${full} was not found at ${api.apiUrl} (or the token cannot see it). Check --repo, or pass --create-repo to create it.`,
    );
  }
  const owner = await tokenOwner(api);
  const doing = {
    doing: `create the repository ${full}`,
    notFound: `cannot create ${full}: no organization '${target.owner}' at ${api.apiUrl} that the token can create repositories in.`,
  };
  // auto_init gives the new repository a base branch (with a README) for the pull request to target.
  const body = {
    name: target.name,
    private: target.private,
    auto_init: true,
    description: "GitOps repository for MCP servers",
  };
  try {
    const { data } =
      owner.login.toLowerCase() === target.owner.toLowerCase()
        ? await api.gh.repos.createForAuthenticatedUser(body)
        : await api.gh.repos.createInOrg({ org: target.owner, ...body });
    return { ...toRemote(data), created: true };
  } catch (error) {
    // Created by a retried request whose first answer was lost, or by someone else meanwhile: use it.
    const again = statusOf(error) === 422 ? await findRepository(api, target.owner, target.name) : undefined;
    if (again) return again;
    throw gitHubFailure(error, doing, api.apiUrl, api.redact);
  }
}

async function findRepository(api: Api, owner: string, name: string): Promise<RemoteRepository | undefined> {
  try {
    const { data } = await api.gh.repos.get({ owner, repo: name });
    if (data.permissions && data.permissions.push === false) {
      throw new DeliveryError(
        `the token can read ${data.full_name} but not push to it. Use a token with write access to contents and pull requests.`,
      );
    }
    return { ...toRemote(data), created: false };
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    if (statusOf(error) === 404) return undefined;
    throw gitHubFailure(error, { doing: `look up ${owner}/${name}` }, api.apiUrl, api.redact);
  }
}

function toRemote(data: {
  owner: { login: string; type?: string };
  name: string;
  full_name: string;
  clone_url: string;
  html_url: string;
  default_branch: string;
}) {
  return {
    owner: data.owner.login,
    ...(data.owner.type === "User" ? { ownerType: "user" as const } : {}),
    ...(data.owner.type === "Organization" ? { ownerType: "organization" as const } : {}),
    name: data.name,
    fullName: data.full_name,
    cloneUrl: data.clone_url,
    htmlUrl: data.html_url,
    defaultBranch: data.default_branch,
  };
}

/** Fails with a clear message when the base branch does not exist (an empty repository has none). */
export async function requireBranch(api: Api, repo: RemoteRepository, branch: string): Promise<void> {
  try {
    await api.gh.repos.getBranch({ owner: repo.owner, repo: repo.name, branch });
  } catch (error) {
    if (statusOf(error) !== 404)
      throw gitHubFailure(error, { doing: `look up branch ${branch} of ${repo.fullName}` }, api.apiUrl, api.redact);
    throw new DeliveryError(
      `base branch '${branch}' does not exist in ${repo.fullName} (an empty repository has no branches yet). ` +
        `Pass --base <branch>, or push an initial commit to ${repo.fullName} first.`,
    );
  }
}

export async function tokenOwner(api: Api): Promise<TokenOwner> {
  const { data } = await call({ doing: "identify the token's user" }, api.apiUrl, api.redact, () =>
    api.gh.users.getAuthenticated(),
  );
  return { login: data.login, id: data.id, name: data.name ?? undefined };
}
