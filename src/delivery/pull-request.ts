/**
 * Open the pull request for a branch, or update the one already open for it, so running the tool again never
 * opens a second one. Reviewers and labels are added after; failing at those is a warning, not a failed delivery,
 * because the pull request itself exists by then.
 */
import { call, gitHubFailure, statusOf } from "./github.js";
import type { Api, RemoteRepository } from "./github-repo.js";

export interface PullRequestRequest {
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
  reviewers: string[];
  teamReviewers: string[];
  labels: string[];
}

export interface PullRequestResult {
  number: number;
  url: string;
  /** False when an open pull request for the branch existed and was updated. */
  created: boolean;
  draft: boolean;
}

interface Pull {
  number: number;
  node_id: string;
  html_url: string;
  draft?: boolean;
  base: { ref: string };
  head: { ref: string };
  user: { login: string } | null;
  requested_reviewers?: { login: string }[] | null;
  requested_teams?: { slug: string }[] | null;
}

export async function upsertPullRequest(
  api: Api,
  repo: RemoteRepository,
  request: PullRequestRequest,
  warnings: string[],
): Promise<PullRequestResult> {
  let pull = await findOpenPull(api, repo, request.head);
  let created = false;
  if (pull) {
    pull = await updatePull(api, repo, pull, request, warnings);
  } else {
    try {
      const { owner, name } = repo;
      const { data } = await api.gh.pulls.create({
        owner,
        repo: name,
        head: request.head,
        base: request.base,
        title: request.title,
        body: request.body,
        draft: request.draft,
      });
      pull = data;
      created = true;
    } catch (error) {
      // A retried create whose first answer was lost, or a concurrent run: GitHub says it already exists.
      const existing = statusOf(error) === 422 ? await findOpenPull(api, repo, request.head) : undefined;
      if (!existing)
        throw gitHubFailure(
          error,
          { doing: `open a pull request from ${request.head} into ${request.base}` },
          api.apiUrl,
          api.redact,
        );
      pull = await updatePull(api, repo, existing, request, warnings);
    }
  }
  await addReviewers(api, repo, pull, request, warnings);
  await addLabels(api, repo, pull, request.labels, warnings);
  return { number: pull.number, url: pull.html_url, created, draft: Boolean(pull.draft) };
}

async function findOpenPull(api: Api, repo: RemoteRepository, head: string): Promise<Pull | undefined> {
  const { data } = await call({ doing: `list the pull requests of ${repo.fullName}` }, api.apiUrl, api.redact, () =>
    // GitHub ignores a head filter without the owner prefix, so it is always given.
    api.gh.pulls.list({
      owner: repo.owner,
      repo: repo.name,
      head: `${repo.owner}:${head}`,
      state: "open",
      per_page: 100,
    }),
  );
  return data.find((pull) => pull.head.ref === head);
}

async function updatePull(
  api: Api,
  repo: RemoteRepository,
  pull: Pull,
  request: PullRequestRequest,
  warnings: string[],
): Promise<Pull> {
  const base = pull.base.ref === request.base ? {} : { base: request.base };
  const { data } = await call({ doing: `update pull request #${pull.number}` }, api.apiUrl, api.redact, () =>
    api.gh.pulls.update({
      owner: repo.owner,
      repo: repo.name,
      pull_number: pull.number,
      title: request.title,
      body: request.body,
      ...base,
    }),
  );
  if (data.draft && !request.draft) return { ...data, draft: !(await markReady(api, data, warnings)) };
  return data;
}

/**
 * A draft whose reason is gone (the conflicts were resolved on the branch) is marked ready for review. REST cannot
 * change `draft`; GraphQL's markPullRequestReadyForReview can. Failing at it leaves a draft, with a warning.
 */
async function markReady(api: Api, pull: Pull, warnings: string[]): Promise<boolean> {
  try {
    await api.gh.graphql(
      "mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }",
      { id: pull.node_id },
    );
    return true;
  } catch (error) {
    const message = api.redact(error instanceof Error ? error.message : String(error));
    warnings.push(
      `pull request #${pull.number} stays a draft: GitHub refused to mark it ready for review (${message})`,
    );
    return false;
  }
}

/** Whether the branch has an open pull request, only closed (merged) ones, or none at all. */
export async function pullRequestState(
  api: Api,
  repo: RemoteRepository,
  head: string,
): Promise<"open" | "closed" | "none"> {
  const { data } = await call({ doing: `list the pull requests of ${repo.fullName}` }, api.apiUrl, api.redact, () =>
    api.gh.pulls.list({
      owner: repo.owner,
      repo: repo.name,
      head: `${repo.owner}:${head}`,
      state: "all",
      per_page: 100,
    }),
  );
  const pulls = data.filter((pull) => pull.head.ref === head);
  if (pulls.some((pull) => pull.state === "open")) return "open";
  return pulls.length > 0 ? "closed" : "none";
}

async function addReviewers(
  api: Api,
  repo: RemoteRepository,
  pull: Pull,
  request: PullRequestRequest,
  warnings: string[],
): Promise<void> {
  const author = pull.user?.login.toLowerCase();
  const already = new Set((pull.requested_reviewers ?? []).map((r) => r.login.toLowerCase()));
  const teams = new Set((pull.requested_teams ?? []).map((t) => t.slug.toLowerCase()));
  if (request.reviewers.some((login) => login.toLowerCase() === author)) {
    warnings.push(`${author} opened the pull request, and GitHub does not let authors review their own; not requested`);
  }
  // Asking again would re-notify people who were already asked, on every run.
  const reviewers = request.reviewers.filter(
    (login) => login.toLowerCase() !== author && !already.has(login.toLowerCase()),
  );
  const teamReviewers = request.teamReviewers.filter((slug) => !teams.has(slug.toLowerCase()));
  if (reviewers.length === 0 && teamReviewers.length === 0) return;
  try {
    await api.gh.pulls.requestReviewers({
      owner: repo.owner,
      repo: repo.name,
      pull_number: pull.number,
      reviewers,
      ...(teamReviewers.length > 0 ? { team_reviewers: teamReviewers } : {}),
    });
  } catch (error) {
    warnings.push(
      gitHubFailure(
        error,
        { doing: `request reviews from ${[...reviewers, ...teamReviewers].join(", ")}` },
        api.apiUrl,
        api.redact,
      ).message,
    );
  }
}

async function addLabels(
  api: Api,
  repo: RemoteRepository,
  pull: Pull,
  labels: string[],
  warnings: string[],
): Promise<void> {
  if (labels.length === 0) return;
  try {
    await api.gh.issues.addLabels({ owner: repo.owner, repo: repo.name, issue_number: pull.number, labels });
  } catch (error) {
    warnings.push(
      gitHubFailure(error, { doing: `add the labels ${labels.join(", ")}` }, api.apiUrl, api.redact).message,
    );
  }
}
