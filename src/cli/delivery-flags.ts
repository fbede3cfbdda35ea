/** The pull-request delivery flags of `create`, and how they become `DeliveryOptions`. */
import type { DeliveryOptions } from "../delivery/options.js";
import { UsageError } from "../errors.js";
import type { FlagValues, Flags } from "./flags.js";

const PR = "Pull request on GitHub or GitHub Enterprise Server (token from GITHUB_TOKEN or GH_TOKEN, never a flag)";

export const GITHUB_TIMEOUT_NOTE =
  "MCP_GITOPS_GITHUB_TIMEOUT=<s>  seconds to wait for each GitHub API answer before retrying it (default 60)";

export const DELIVERY_SECTION = { title: PR, notes: [GITHUB_TIMEOUT_NOTE] };

export const DELIVERY_FLAGS = {
  repo: {
    type: "string",
    value: "<owner/name>",
    section: PR,
    description:
      "clone the repository into [directory] (default: its name; or reuse a clone of it), commit to a branch and open a pull request; a re-run updates the same one",
  },
  "github-api-url": {
    type: "string",
    value: "<url>",
    section: PR,
    description: "REST API root, also GITHUB_API_URL (GHES: https://ghe.example.com/api/v3)",
    default: "https://api.github.com",
  },
  base: {
    type: "string",
    value: "<branch>",
    section: PR,
    description: "branch the pull request targets",
    default: "the repository's default branch",
  },
  branch: {
    type: "string",
    value: "<name>",
    section: PR,
    description: "branch to commit to",
    default: "mcp-gitops/<server names>",
  },
  draft: { type: "boolean", section: PR, description: "open the pull request as a draft" },
  reviewers: {
    type: "string",
    multiple: true,
    value: "<a,b>",
    section: PR,
    description: "request reviews (logins, or org/team)",
  },
  labels: { type: "string", multiple: true, value: "<x,y>", section: PR, description: "add labels" },
  title: {
    type: "string",
    value: "<text>",
    section: PR,
    description: "pull request title",
    default: "from the servers and engine",
  },
  "no-pr": { type: "boolean", section: PR, description: "commit and push only" },
  "create-repo": {
    type: "boolean",
    section: PR,
    description: "create the repository if missing (private; --public for a public one)",
  },
  public: { type: "boolean", section: PR, description: "with --create-repo: create a public repository" },
  author: {
    type: "string",
    value: '<"N <e>">',
    section: PR,
    description: "commit author, also for --git",
    default: "git's identity, else (--repo) the token owner's no-reply address",
  },
} as const satisfies Flags;

type DeliveryValues = FlagValues<typeof DELIVERY_FLAGS>;

/**
 * `undefined` without `--repo`; the other delivery flags mean nothing without it and are refused (`--author` also
 * names who makes the first commit of `--git`).
 */
export function deliveryOptions(
  values: DeliveryValues & { git?: boolean },
  env: NodeJS.ProcessEnv,
): DeliveryOptions | undefined {
  if (values.repo === undefined) {
    const stray = (Object.keys(DELIVERY_FLAGS) as (keyof DeliveryValues)[]).find(
      (flag) => values[flag] !== undefined && !(flag === "author" && values.git),
    );
    if (stray) throw new UsageError(`--${stray}: only applies with --repo <owner/name>`);
    return undefined;
  }
  return {
    ...pullRequestFlags(values),
    repo: values.repo,
    pullRequest: !values["no-pr"],
    createRepo: values["create-repo"],
    private: !values.public,
    env,
  };
}

/** The flags `create --repo` and `upgrade --pr` share, as option fields. */
export function pullRequestFlags(values: DeliveryValues) {
  return {
    repo: values.repo,
    apiUrl: values["github-api-url"],
    base: values.base,
    branch: values.branch,
    draft: values.draft,
    reviewers: values.reviewers,
    labels: values.labels,
    title: values.title,
    author: values.author,
  };
}

/** With `--repo acme/fleet` and no folder given, clone into `fleet`, as `git clone` would. */
export function directoryForRepo(repo: string | undefined): string | undefined {
  const name = repo?.split("/")[1]?.replace(/\.git$/, "");
  return name && /^[A-Za-z0-9._-]+$/.test(name) && name !== "." && name !== ".." ? name : undefined;
}
