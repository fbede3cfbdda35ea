/**
 * The GraphQL endpoint, for the one thing REST cannot do: mark a draft pull request ready for review
 * (`markPullRequestReadyForReview(input: { pullRequestId })`, GitHub's GraphQL reference, "Pull requests"). Served at
 * `/graphql` (api.github.com) or `/api/graphql` (GitHub Enterprise Server), where Octokit's graphql() sends it. Like
 * GitHub, a query this server does not know is answered 200 with `errors`, never silently accepted.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { ApiReply } from "./rest-api.js";
import { renderPullNodeId } from "./render.js";
import type { Store } from "./store.js";

const READY =
  /^\s*mutation\s*(?:\w+\s*)?\(\s*\$(\w+)\s*:\s*ID!\s*\)\s*\{\s*markPullRequestReadyForReview\s*\(\s*input\s*:\s*\{\s*pullRequestId\s*:\s*\$(\w+)\s*\}\s*\)\s*\{\s*pullRequest\s*\{\s*(?:id\s*|number\s*|isDraft\s*)+\}\s*\}\s*\}\s*$/;

export function handleGraphql(store: Store, token: string, headers: IncomingHttpHeaders, body: unknown): ApiReply {
  const auth = /^(token|bearer)\s+(\S+)$/i.exec(headers.authorization?.trim() ?? "");
  if (!auth || auth[2] !== token)
    return { status: 401, body: { message: "Bad credentials", documentation_url: "https://docs.github.com/graphql" } };
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  const match = typeof query === "string" ? READY.exec(query) : null;
  if (!match || match[1] !== match[2])
    return { status: 200, body: { errors: [{ message: "This fake serves only markPullRequestReadyForReview" }] } };
  const id = variables?.[match[1]!];
  for (const repo of store.all()) {
    const pull = repo.pulls.find((candidate) => renderPullNodeId(candidate) === id);
    if (!pull) continue;
    if (pull.state !== "open")
      return {
        status: 200,
        body: { errors: [{ message: "Pull request is closed", path: ["markPullRequestReadyForReview"] }] },
      };
    pull.draft = false;
    pull.updated_at = new Date().toISOString();
    const pullRequest = { id, number: pull.number, isDraft: false };
    return { status: 200, body: { data: { markPullRequestReadyForReview: { pullRequest } } } };
  }
  return {
    status: 200,
    body: {
      errors: [{ type: "NOT_FOUND", message: `Could not resolve to a node with the global id of '${String(id)}'` }],
    },
  };
}
