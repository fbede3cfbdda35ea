/**
 * Pull requests, their reviewers and labels. The model checks GitHub makes after schema validation
 * (branches exist, no duplicate open PR, at least one commit) are reproduced with GitHub's error bodies.
 */
import { branchTip, commitsBetween, mergeBranches } from "./bare-repo.js";
import { githubError, validationFailed } from "./http.js";
import { renderLabel, renderPull } from "./render.js";
import { requirePull, requireRepo, type ApiReply, type Route, type RouteContext } from "./rest-api.js";
import type { RepoRecord } from "./store.js";
import type { PullRecord } from "./types.js";

export const pullRoutes: Route[] = [
  { method: "GET", template: "/repos/{owner}/{repo}/pulls", handle: listPulls },
  { method: "POST", template: "/repos/{owner}/{repo}/pulls", handle: createPull },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}",
    async handle(ctx) {
      const repo = requireRepo(ctx);
      return { status: 200, body: await renderPull(ctx.store, repo, requirePull(ctx, repo)) };
    },
  },
  { method: "PATCH", template: "/repos/{owner}/{repo}/pulls/{pull_number}", handle: updatePull },
  { method: "PUT", template: "/repos/{owner}/{repo}/pulls/{pull_number}/merge", handle: mergePullRoute },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    handle: requestReviewers,
  },
  { method: "POST", template: "/repos/{owner}/{repo}/issues/{issue_number}/labels", handle: addLabels },
];

async function listPulls(ctx: RouteContext): Promise<ApiReply> {
  const repo = requireRepo(ctx);
  const state = ctx.query.get("state") ?? "open";
  const base = ctx.query.get("base");
  const head = ctx.query.get("head");
  // GitHub silently ignores a head filter without the `owner:` prefix and lists every PR; mimic it so a
  // client that forgets the prefix fails here as it would in production.
  const headFilter = head?.includes(":") ? splitHead(head) : undefined;
  const matching = repo.pulls
    .filter((p) => state === "all" || p.state === state)
    .filter((p) => !base || p.base === base)
    .filter((p) => !headFilter || (sameLogin(headFilter.owner, repo.owner) && p.head === headFilter.ref));
  if ((ctx.query.get("direction") ?? "desc") === "desc") matching.reverse();
  const perPage = Math.min(positiveInt(ctx.query.get("per_page"), 30), 100);
  const page = positiveInt(ctx.query.get("page"), 1);
  const slice = matching.slice((page - 1) * perPage, page * perPage);
  const body = await Promise.all(slice.map((p) => renderPull(ctx.store, repo, p)));
  const headers = page * perPage < matching.length ? { link: nextLink(ctx, repo, page + 1) } : undefined;
  return { status: 200, body, headers };
}

async function createPull(ctx: RouteContext): Promise<ApiReply> {
  const repo = requireRepo(ctx);
  const docs = ctx.documentationUrl;
  if (ctx.body.issue !== undefined) throw githubError(422, "This fake does not convert issues to pull requests", docs);
  if (typeof ctx.body.title !== "string") {
    throw validationFailed(docs, [{ resource: "PullRequest", code: "missing_field", field: "title" }]);
  }
  const headParam = String(ctx.body.head);
  const { owner: headOwner, ref: head } = splitHead(headParam, repo.owner);
  const base = String(ctx.body.base);
  // Forks are not modelled, so a head in another account can never resolve.
  if (!sameLogin(headOwner, repo.owner) || !(await branchTip(repo.gitDir, head))) {
    throw validationFailed(docs, [{ resource: "PullRequest", field: "head", code: "invalid" }]);
  }
  if (!(await branchTip(repo.gitDir, base))) {
    throw validationFailed(docs, [{ resource: "PullRequest", field: "base", code: "invalid" }]);
  }
  if (repo.pulls.some((p) => p.state === "open" && p.head === head && p.base === base)) {
    const message = `A pull request already exists for ${repo.owner}:${head}.`;
    throw validationFailed(docs, [{ resource: "PullRequest", code: "custom", message }]);
  }
  if ((await commitsBetween(repo.gitDir, `refs/heads/${base}`, `refs/heads/${head}`)) === 0) {
    throw validationFailed(docs, [
      { resource: "PullRequest", code: "custom", message: `No commits between ${base} and ${headParam}` },
    ]);
  }
  const now = new Date().toISOString();
  const pull: PullRecord = {
    id: ctx.store.newId(),
    number: repo.pulls.length + 1,
    title: ctx.body.title,
    body: typeof ctx.body.body === "string" ? ctx.body.body : null,
    head,
    base,
    draft: ctx.body.draft === true,
    state: "open",
    labels: [],
    requested_reviewers: [],
    user: ctx.store.login,
    created_at: now,
    updated_at: now,
  };
  repo.pulls.push(pull);
  const rendered = await renderPull(ctx.store, repo, pull);
  return { status: 201, body: rendered, headers: { location: String(rendered.url) } };
}

async function updatePull(ctx: RouteContext): Promise<ApiReply> {
  const repo = requireRepo(ctx);
  const pull = requirePull(ctx, repo);
  const { title, body, state, base } = ctx.body;
  if (typeof base === "string" && !(await branchTip(repo.gitDir, base))) {
    throw validationFailed(ctx.documentationUrl, [{ resource: "PullRequest", field: "base", code: "invalid" }]);
  }
  if (typeof title === "string") pull.title = title;
  if (typeof body === "string") pull.body = body;
  if (state === "open" || state === "closed") pull.state = state;
  if (typeof base === "string") pull.base = base;
  pull.updated_at = new Date().toISOString();
  return { status: 200, body: await renderPull(ctx.store, repo, pull) };
}

async function mergePullRoute(ctx: RouteContext): Promise<ApiReply> {
  const repo = requireRepo(ctx);
  const pull = requirePull(ctx, repo);
  const method = ctx.body.merge_method === "squash" ? "squash" : "merge";
  if (ctx.body.merge_method === "rebase")
    throw githubError(405, "This fake does not rebase-merge", ctx.documentationUrl);
  const sha = await mergePull(repo, pull, method);
  if (!sha) throw githubError(405, "Pull Request is not mergeable", ctx.documentationUrl);
  return { status: 200, body: { sha, merged: true, message: "Pull Request successfully merged" } };
}

/** Merges a pull request and closes it; undefined when it is closed already or does not merge cleanly. */
export async function mergePull(
  repo: RepoRecord,
  pull: PullRecord,
  method: "merge" | "squash",
): Promise<string | undefined> {
  if (pull.state !== "open") return undefined;
  const message =
    method === "merge"
      ? `Merge pull request #${pull.number} from ${repo.owner}/${pull.head}`
      : `${pull.title} (#${pull.number})`;
  const sha = await mergeBranches(repo.gitDir, pull.base, pull.head, method, message);
  if (!sha) return undefined;
  Object.assign(pull, { state: "closed", merged: true, mergeCommit: sha, updated_at: new Date().toISOString() });
  return sha;
}

async function requestReviewers(ctx: RouteContext): Promise<ApiReply> {
  const repo = requireRepo(ctx);
  const pull = requirePull(ctx, repo);
  const reviewers = (ctx.body.reviewers as string[] | undefined) ?? [];
  if (reviewers.some((login) => sameLogin(login, pull.user))) {
    throw githubError(422, "Review cannot be requested from pull request author.", ctx.documentationUrl);
  }
  for (const login of reviewers) {
    if (!pull.requested_reviewers.some((r) => sameLogin(r, login))) pull.requested_reviewers.push(login);
  }
  return { status: 201, body: await renderPull(ctx.store, repo, pull) };
}

async function addLabels(ctx: RouteContext): Promise<ApiReply> {
  const repo = requireRepo(ctx);
  const pull = requirePull(ctx, repo);
  const labels = (ctx.body.labels as (string | { name: string })[] | undefined) ?? [];
  for (const label of labels) {
    const name = typeof label === "string" ? label : label.name;
    if (!pull.labels.includes(name)) pull.labels.push(name);
  }
  return { status: 200, body: pull.labels.map((name) => renderLabel(ctx.store, repo, name)) };
}

/** `owner:branch` → parts; a bare branch belongs to `defaultOwner`. */
function splitHead(head: string, defaultOwner = ""): { owner: string; ref: string } {
  const colon = head.indexOf(":");
  return colon < 0 ? { owner: defaultOwner, ref: head } : { owner: head.slice(0, colon), ref: head.slice(colon + 1) };
}

/** GitHub falls back to the default for a missing or malformed paging parameter rather than failing. */
function positiveInt(value: string | null, fallback: number): number {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function nextLink(ctx: RouteContext, repo: RepoRecord, page: number): string {
  const query = new URLSearchParams(ctx.query);
  query.set("page", String(page));
  return `<${ctx.store.urls.api}/repos/${repo.owner}/${repo.name}/pulls?${query.toString()}>; rel="next"`;
}
