/**
 * GitHub's response shapes for users, repositories, branches, labels and pull requests. Only the fields
 * Octokit consumers commonly read are filled in, with GitHub's names and types.
 */
import { branchTip } from "./bare-repo.js";
import type { RepoRecord, Store } from "./store.js";
import type { PullRecord } from "./types.js";

const NULL_SHA = "0".repeat(40);

function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}${id}`).toString("base64");
}

/** The pull request's GraphQL node id, as REST reports it in `node_id`. */
export function renderPullNodeId(pull: PullRecord): string {
  return nodeId("PR_", pull.id);
}

export function renderUser(store: Store, login: string): Record<string, unknown> {
  const id = store.stableId("user", login);
  return {
    login,
    id,
    node_id: nodeId("U_", id),
    type: login.toLowerCase() === store.login.toLowerCase() ? "User" : "Organization",
    site_admin: false,
    url: `${store.urls.api}/users/${login}`,
    html_url: `${store.urls.web}/${login}`,
  };
}

export function renderRepo(store: Store, repo: RepoRecord): Record<string, unknown> {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    id: repo.id,
    node_id: nodeId("R_", repo.id),
    name: repo.name,
    full_name: fullName,
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    owner: renderUser(store, repo.owner),
    html_url: `${store.urls.web}/${fullName}`,
    description: null,
    fork: false,
    url: `${store.urls.api}/repos/${fullName}`,
    clone_url: store.cloneUrl(repo.owner, repo.name),
    default_branch: repo.defaultBranch,
    archived: false,
    disabled: false,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    // The token owner administers every repository on this server.
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
  };
}

export function renderBranch(store: Store, repo: RepoRecord, branch: string, sha: string): Record<string, unknown> {
  const base = `${store.urls.api}/repos/${repo.owner}/${repo.name}`;
  return {
    name: branch,
    commit: { sha, url: `${base}/commits/${sha}` },
    _links: {
      self: `${base}/branches/${encodeURIComponent(branch)}`,
      html: `${store.urls.web}/${repo.owner}/${repo.name}/tree/${branch}`,
    },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
    protection_url: `${base}/branches/${encodeURIComponent(branch)}/protection`,
  };
}

export function renderLabel(store: Store, repo: RepoRecord, name: string): Record<string, unknown> {
  const id = store.stableId("label", `${repo.id}:${name}`);
  return {
    id,
    node_id: nodeId("LA_", id),
    url: `${store.urls.api}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(name)}`,
    name,
    color: "ededed",
    default: false,
    description: null,
  };
}

/** Head and base shas are read from the bare repository on every render, as GitHub tracks branch moves. */
export async function renderPull(store: Store, repo: RepoRecord, pull: PullRecord): Promise<Record<string, unknown>> {
  const base = `${store.urls.api}/repos/${repo.owner}/${repo.name}`;
  const [headSha, baseSha] = await Promise.all([branchTip(repo.gitDir, pull.head), branchTip(repo.gitDir, pull.base)]);
  const side = (ref: string, sha: string | undefined): Record<string, unknown> => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha: sha ?? NULL_SHA,
    user: renderUser(store, repo.owner),
    repo: renderRepo(store, repo),
  });
  return {
    url: `${base}/pulls/${pull.number}`,
    id: pull.id,
    node_id: renderPullNodeId(pull),
    html_url: `${store.urls.web}/${repo.owner}/${repo.name}/pull/${pull.number}`,
    issue_url: `${base}/issues/${pull.number}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: renderUser(store, pull.user),
    body: pull.body,
    labels: pull.labels.map((name) => renderLabel(store, repo, name)),
    milestone: null,
    draft: pull.draft,
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    closed_at: pull.state === "closed" ? pull.updated_at : null,
    merged_at: pull.merged ? pull.updated_at : null,
    merge_commit_sha: pull.mergeCommit ?? null,
    assignees: [],
    requested_reviewers: pull.requested_reviewers.map((login) => renderUser(store, login)),
    requested_teams: [],
    head: side(pull.head, headSha),
    base: side(pull.base, baseSha),
    author_association: "OWNER",
    merged: Boolean(pull.merged),
    mergeable: null,
  };
}
