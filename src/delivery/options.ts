/**
 * What a caller asks delivery to do, and its validation into a resolved form. Everything here is checked before
 * any network call, so a typo in `--repo` or `--reviewers` is a usage error (exit 2) that touched nothing.
 */
import { createHash } from "node:crypto";
import { branchProblem, ownerProblem, repositoryNameProblem } from "../answers/repository-rules.js";
import { UsageError } from "../errors.js";

/** Delivering the generated repository as a pull request on GitHub or GitHub Enterprise Server. */
export interface DeliveryOptions {
  /** `owner/name` of the GitHub repository (`--repo`). */
  repo: string;
  /** REST API root (`--github-api-url`); GHES: `https://ghe.example.com/api/v3`. Default `GITHUB_API_URL`, else the public API. */
  apiUrl?: string;
  /** Default `GITHUB_TOKEN`, else `GH_TOKEN`. There is deliberately no flag: argv is visible to every local user. */
  token?: string;
  /** Branch the pull request targets (`--base`). Default: `repository.baseBranch` if answered, else the repository's default branch. */
  base?: string;
  /** Branch to commit to (`--branch`). Default `mcp-gitops/<server names>`, the same on every run for the same servers. */
  branch?: string;
  /** Open the pull request as a draft (`--draft`); an existing pull request keeps its state. */
  draft?: boolean;
  /** Logins, or `org/team` for teams, whose review is requested (`--reviewers`). */
  reviewers?: string[];
  /** Labels added to the pull request (`--labels`); GitHub creates missing ones. */
  labels?: string[];
  /** Pull request title (`--title`). Default derived from the servers and the GitOps engine. */
  title?: string;
  /** `false` commits and pushes only (`--no-pr`). Default true. */
  pullRequest?: boolean;
  /** Create the repository when it does not exist (`--create-repo`). */
  createRepo?: boolean;
  /** Visibility of a repository created by `createRepo`. Default true (private). */
  private?: boolean;
  /** Commit author as `Name <email>` (`--author`). Default: git's configured identity, else the token owner's no-reply address. */
  author?: string;
  /** Longest wait, in seconds, for a rate limit to reset before giving up. Default 120. */
  maxRateLimitWait?: number;
  /** Seconds to wait for GitHub to answer one API request. Default `MCP_GITOPS_GITHUB_TIMEOUT` from `env`, else 60. */
  requestTimeout?: number;
  /** Where the token and `GITHUB_API_URL` are read from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export interface Identity {
  name: string;
  email: string;
}

export interface ResolvedDelivery {
  owner: string;
  name: string;
  apiUrl: string;
  token: string;
  base?: string;
  branch?: string;
  draft: boolean;
  reviewers: string[];
  teamReviewers: string[];
  labels: string[];
  title?: string;
  pullRequest: boolean;
  createRepo: boolean;
  private: boolean;
  author?: Identity;
  maxRateLimitWait: number;
  requestTimeout: number;
}

export const PUBLIC_API_URL = "https://api.github.com";
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const TEAM = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;

export function resolveDeliveryOptions(options: DeliveryOptions): ResolvedDelivery {
  const env = options.env ?? process.env;
  const { owner, name } = parseRepo(options.repo);
  const source = options.token !== undefined ? "token" : env.GITHUB_TOKEN ? "GITHUB_TOKEN" : "GH_TOKEN";
  const token = checkToken(options.token ?? (env.GITHUB_TOKEN || env.GH_TOKEN || undefined), source);
  if (!token) throw new UsageError("--repo: needs a GitHub token; set GITHUB_TOKEN (or GH_TOKEN) in the environment");
  const reviewers = list(options.reviewers, "--reviewers");
  for (const reviewer of reviewers) {
    if (!LOGIN.test(reviewer) && !TEAM.test(reviewer))
      throw new UsageError(`--reviewers: '${reviewer}' is not a GitHub login or org/team`);
  }
  const labels = list(options.labels, "--labels");
  if (labels.some((label) => label.length > 50)) throw new UsageError("--labels: a label has at most 50 characters");
  if (options.title !== undefined && (options.title.trim() === "" || options.title.length > 256)) {
    throw new UsageError("--title: must be 1 to 256 characters");
  }
  const base = options.base === undefined ? undefined : branchName(options.base, "--base");
  const branch = options.branch === undefined ? undefined : branchName(options.branch, "--branch");
  if (branch !== undefined && branch === base) throw sameAsBase(branch);
  return {
    owner,
    name,
    apiUrl: parseApiUrl(options.apiUrl ?? (env.GITHUB_API_URL || PUBLIC_API_URL)),
    token,
    base,
    branch,
    draft: Boolean(options.draft),
    reviewers: reviewers.filter((r) => !r.includes("/")),
    teamReviewers: reviewers.filter((r) => r.includes("/")).map((r) => r.slice(r.indexOf("/") + 1)),
    labels,
    title: options.title?.trim(),
    pullRequest: options.pullRequest ?? true,
    createRepo: Boolean(options.createRepo),
    private: options.private ?? true,
    author: options.author === undefined ? undefined : parseIdentity(options.author),
    maxRateLimitWait: options.maxRateLimitWait ?? 120,
    requestTimeout: options.requestTimeout ?? requestTimeoutFrom(env),
  };
}

/**
 * The token as git and GitHub will get it: trimmed (a value pasted with a trailing CR or newline is the usual
 * mistake), and shaped like a token — printable ASCII without spaces, at least 8 characters — so a wrong value is
 * named here instead of surfacing as "permission denied" after a clone.
 */
function checkToken(raw: string | undefined, source: string): string | undefined {
  if (raw === undefined) return undefined;
  const token = raw.trim();
  if (token === "") return undefined;
  if (!/^[\x21-\x7e]+$/.test(token))
    throw new UsageError(
      `${source}: is not a GitHub token: it holds spaces or control characters (two values pasted together?)`,
    );
  if (token.length < 8)
    throw new UsageError(
      `${source}: is not a GitHub token: it is only ${token.length} character${token.length === 1 ? "" : "s"} long`,
    );
  if (token.length > 4096) throw new UsageError(`${source}: is not a GitHub token: it is longer than 4096 characters`);
  return token;
}

/** Committing to the branch the pull request targets would push the files straight to it. */
export function sameAsBase(branch: string): UsageError {
  return new UsageError(
    `--branch: '${branch}' is the base branch the pull request targets; deliver to another branch (the default is mcp-gitops/<servers>)`,
  );
}

/** MCP_GITOPS_GITHUB_TIMEOUT: seconds per GitHub API request (a slow GitHub Enterprise may need more than 60). */
function requestTimeoutFrom(env: NodeJS.ProcessEnv): number {
  const text = env.MCP_GITOPS_GITHUB_TIMEOUT;
  if (text === undefined || text === "") return 60;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new UsageError(`MCP_GITOPS_GITHUB_TIMEOUT: '${text}' must be a number of seconds between 0 and 3600`);
  }
  return seconds;
}

function parseRepo(repo: string): { owner: string; name: string } {
  const [owner, name, ...rest] = repo.trim().split("/");
  if (!owner || name === undefined || rest.length > 0) {
    throw new UsageError(`--repo: '${repo}' must be owner/name, e.g. acme/platform-mcp`);
  }
  const problem = ownerProblem(owner) ?? repositoryNameProblem(name);
  if (problem)
    throw new UsageError(
      `--repo: '${repo}' must be owner/name, e.g. acme/platform-mcp; ${problem.includes("organisation") ? "the owner" : "the name"} ${problem}`,
    );
  return { owner, name: name.replace(/\.git$/, "") };
}

function parseApiUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--github-api-url: '${text}' is not a URL; e.g. https://ghe.example.com/api/v3`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new UsageError("--github-api-url: must be an http(s) URL");
  if (url.username || url.password)
    throw new UsageError("--github-api-url: must not contain credentials; set GITHUB_TOKEN instead");
  return url.toString().replace(/\/+$/, "");
}

/** A branch flag's value, by git's own rules (the answers schema checks `repository.baseBranch` with the same). */
export function branchName(text: string, flag: string): string {
  const problem = branchProblem(text);
  if (problem) throw new UsageError(`${flag}: '${text}' ${problem}`);
  return text;
}

export function parseIdentity(text: string): Identity {
  const match = /^\s*([^<>]*[^<>\s])\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(text);
  if (!match) throw new UsageError(`--author: '${text}' must look like "Name <email@example.com>"`);
  return { name: match[1]!, email: match[2]! };
}

function list(values: string[] | undefined, flag: string): string[] {
  const items = (values ?? []).flatMap((value) => value.split(",")).map((value) => value.trim());
  if (items.some((item) => item === ""))
    throw new UsageError(`${flag}: empty item; give a comma-separated list such as a,b`);
  return [...new Set(items)];
}

/**
 * The default branch: the same for the same set of servers on every run, so a re-run updates its pull request
 * instead of opening another. Long fleets get a short hash of their names instead.
 */
export function defaultBranch(serverNames: string[]): string {
  const names = [...new Set(serverNames)].sort();
  const joined = names.join("-");
  if (names.length <= 3 && joined.length <= 60) return `mcp-gitops/${joined}`;
  const hash = createHash("sha256").update(names.join("\n")).digest("hex").slice(0, 10);
  return `mcp-gitops/${names.length}-servers-${hash}`;
}
