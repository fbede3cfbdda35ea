/**
 * Public types of the loopback GitHub used by integration tests.
 */
import type { IncomingHttpHeaders } from "node:http";

/** Where the REST API is mounted: the root (api.github.com style) or `/api/v3` (GitHub Enterprise Server). */
export type ApiPrefix = "" | "/api/v3";

/** OpenAPI description from `@octokit/openapi` that request bodies are validated against. */
export type OpenApiDescription = "api.github.com" | "ghes-3.17" | "ghes-3.18" | "ghes-3.19";

export interface FakeGitHubOptions {
  /** The only token the server accepts, on the API and on git. */
  token: string;
  /** `""` (default) serves the API at the root; `"/api/v3"` mimics GitHub Enterprise Server. */
  apiPrefix?: ApiPrefix;
  /** Login of the token's owner: what `GET /user` returns and where `POST /user/repos` creates. Default `octocat`. */
  owner?: string;
  /** Description to validate against. Default `api.github.com`; each one costs ~0.5 s to parse, once per process. */
  openapi?: OpenApiDescription;
}

export interface CreateRepoOptions {
  /** Default `main`. */
  defaultBranch?: string;
  /** Content of the initial commit. Default: a README. Pass `{}` for an initial commit with an empty tree. */
  files?: Record<string, string>;
  /** Default false. */
  private?: boolean;
}

/** A pull request as the server stores it; `head` and `base` are branch names. */
export interface PullRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  head: string;
  base: string;
  draft: boolean;
  state: "open" | "closed";
  labels: string[];
  requested_reviewers: string[];
  /** Login of the author (the token owner). */
  user: string;
  /** Set when merged (PUT .../merge or `mergePull`): the pull request is then closed too. */
  merged?: boolean;
  mergeCommit?: string;
  created_at: string;
  updated_at: string;
}

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  /** Path without query, including any `/api/v3` prefix. */
  path: string;
  /** As received, `authorization` included, so tests can scan for leaked tokens. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. Git bodies are streamed, not kept. */
  body: unknown;
  /** Set once the response has been sent; stays undefined when the connection was dropped. */
  status?: number;
}

/**
 * A canned failure served instead of the real response. `path` is matched against the path below the API
 * root (`/repos/o/r/pulls`, never `/api/v3/...`) or the git path (`/git/o/r.git/info/refs`), without query.
 */
export interface Fault {
  method?: string;
  path: RegExp | string;
  /** How many matching requests fail. Default 1. */
  times?: number;
  /** Plain error status (default 500) with `body` (default `{"message": <reason phrase>}`). */
  status?: number;
  body?: unknown;
  /** Primary rate limit: 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` this far ahead. */
  rateLimit?: { resetInSeconds: number };
  /** Secondary rate limit: 403 with `retry-after`. */
  secondaryRateLimit?: { retryAfterSeconds: number };
  /**
   * Not a failure: run this first, then serve the request for real (a push races another one: the test commits to
   * the branch after git read the refs and before its push is taken in).
   */
  beforeServing?: () => Promise<void>;
  /** Destroy the socket without answering. */
  dropConnection?: boolean;
  /** Accept the request and never answer: the client has to give up by itself. */
  stall?: boolean;
  /** Answer 200 with the start of a JSON body, then send nothing more. */
  stallBody?: boolean;
}

export interface FakeGitHub {
  /** Octokit `baseUrl`, e.g. `http://127.0.0.1:PORT` or `http://127.0.0.1:PORT/api/v3`. */
  apiUrl: string;
  /** Root of `html_url`s. */
  webUrl: string;
  /** Directory holding the bare repositories, `<gitRoot>/<owner>/<name>.git`. */
  gitRoot: string;
  /** Login of the token owner. */
  login: string;
  /** Smart-HTTP remote, the repository's `clone_url`. */
  cloneUrl(owner: string, name: string): string;
  createRepo(owner: string, name: string, opts?: CreateRepoOptions): Promise<void>;
  /** Every pull request ever created in the repository (copies). */
  pulls(owner: string, name: string): PullRecord[];
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  injectFaults(faults: Fault[]): void;
  /** Tip of a branch, or undefined when it does not exist. */
  branchSha(owner: string, name: string, branch: string): Promise<string | undefined>;
  /** File content at a branch tip, or undefined when the branch or file does not exist. */
  readFileAtBranch(owner: string, name: string, branch: string, path: string): Promise<string | undefined>;
  /** Every file path at a branch tip (empty when the branch does not exist). */
  filesAtBranch(owner: string, name: string, branch: string): Promise<string[]>;
  /**
   * Commit files on top of a branch server-side, as another person pushing would; a new branch starts from
   * the default branch. Returns the new sha.
   */
  commitFiles(
    owner: string,
    name: string,
    branch: string,
    files: Record<string, string>,
    message?: string,
  ): Promise<string>;
  /**
   * Merge a pull request as GitHub's merge button does (a merge commit, or one squashed commit) and close it; the head
   * branch is kept, GitHub's default. Returns the new tip of the base branch.
   */
  mergePull(owner: string, name: string, number: number, method?: "merge" | "squash"): Promise<string>;
  close(): Promise<void>;
}
