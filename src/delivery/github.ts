/**
 * The GitHub REST client (Octokit with retries for 5xx and dropped connections, and throttling that waits out rate
 * limits), loaded lazily, and the translation of its failures into messages that say what to do.
 */
import type { Octokit } from "@octokit/rest";
import { DeliveryError } from "../errors.js";
import type { Redactor } from "./redact.js";

export type GitHub = Octokit;

export interface GitHubConnection {
  apiUrl: string;
  token: string;
  /** Longest rate-limit reset, in seconds, worth waiting for. */
  maxRateLimitWait: number;
  /** Seconds to wait for an answer to one request before giving up on it (and retrying it). */
  requestTimeout: number;
}

/** Octokit logs every failed request to the console; our own messages say it better, once. */
const SILENT = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export async function connectGitHub(connection: GitHubConnection): Promise<GitHub> {
  const [{ Octokit }, { retry }, { throttling }, { packageVersion }] = await Promise.all([
    import("@octokit/rest"),
    import("@octokit/plugin-retry"),
    import("@octokit/plugin-throttling"),
    import("../version.js"),
  ]);
  const Client = Octokit.plugin(retry, throttling);
  // One retry after the reset (or retry-after) if it comes soon enough; beyond that, fail with the reset time.
  const worthWaiting = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
    retryCount < 1 && retryAfter <= connection.maxRateLimitWait;
  return new Client({
    auth: connection.token,
    baseUrl: connection.apiUrl,
    userAgent: `create-mcp-gitops/${packageVersion()}`,
    log: SILENT,
    retry: { retries: 3 },
    throttle: { onRateLimit: worthWaiting, onSecondaryRateLimit: worthWaiting },
    request: { fetch: fetchWithTimeout(connection.requestTimeout) },
  });
}

/**
 * fetch with a deadline per request, body included: a server (or proxy) that accepts the connection and never
 * answers, or stops half-way through the body, would otherwise hang the run for good. The body is read here, within
 * the deadline, so a stall fails the request — which the retry plugin retries — instead of reaching Octokit's own
 * body parsing, which would take a cut-off body for an empty answer.
 */
function fetchWithTimeout(seconds: number): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, seconds * 1000);
    const outer = init?.signal;
    outer?.addEventListener("abort", () => controller.abort(outer.reason), { once: true });
    try {
      const response = await fetch(input, { ...init, signal: controller.signal });
      const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
      const buffered = new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      Object.defineProperty(buffered, "url", { value: response.url });
      return buffered;
    } catch (error) {
      if (timedOut) throw new Error(`no answer within ${seconds} s`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Statuses whose response has no body (a Response with one cannot be constructed for them). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export interface GitHubAction {
  /** What was being done, as a verb phrase: "look up acme/fleet". */
  doing: string;
  /** What a 404 means here, when it means something specific. */
  notFound?: string;
}

interface RequestFailure {
  status?: number;
  message?: string;
  response?: { data?: unknown; headers?: Record<string, string | number | undefined> };
}

/** The HTTP status of an Octokit error, or undefined for anything else. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as RequestFailure | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}

export function gitHubFailure(error: unknown, action: GitHubAction, apiUrl: string, redact: Redactor): DeliveryError {
  const failure = (error ?? {}) as RequestFailure;
  const status = statusOf(error);
  const detail = githubMessage(failure);
  let message: string;
  if (status === undefined || (status === 500 && !failure.response)) {
    message = `could not reach GitHub at ${apiUrl} to ${action.doing}: ${detail}. Check --github-api-url (or GITHUB_API_URL) and the network.`;
  } else if (status === 401) {
    message = `GitHub at ${apiUrl} rejected the token (401 ${detail}) while trying to ${action.doing}. Check GITHUB_TOKEN / GH_TOKEN: it may be expired, revoked or meant for another GitHub host.`;
  } else if ((status === 403 || status === 429) && rateLimitReset(failure) !== undefined) {
    message = `GitHub's API rate limit is exhausted (${status}) while trying to ${action.doing}; it resets at ${rateLimitReset(failure)}. Run the command again after that.`;
  } else if (status === 403 || status === 429) {
    message = `the token is not allowed to ${action.doing} (${status} ${detail}). It needs read and write access to contents and pull requests on the repository (classic tokens: the repo scope).`;
  } else if (status === 404) {
    message =
      action.notFound ??
      `could not ${action.doing}: not found (404). Check --repo and that the token can see the repository.`;
  } else if (status === 422) {
    message = `GitHub refused to ${action.doing} (422 ${detail}).`;
  } else {
    message = `GitHub failed to ${action.doing} (${status} ${detail}), also after retrying.`;
  }
  return new DeliveryError(redact(message));
}

/** GitHub's `message` plus the `errors[]` details of a validation failure. */
function githubMessage(failure: RequestFailure): string {
  const data = failure.response?.data as { message?: unknown; errors?: unknown } | undefined;
  const base = typeof data?.message === "string" ? data.message : (failure.message ?? "unknown error");
  const errors = Array.isArray(data?.errors) ? data.errors : [];
  const details = errors
    .map((e: unknown) =>
      typeof e === "string"
        ? e
        : typeof (e as { message?: unknown })?.message === "string"
          ? (e as { message: string }).message
          : describeField(e),
    )
    .filter(Boolean);
  return details.length > 0 ? `${base}: ${details.join("; ")}` : base;
}

function describeField(error: unknown): string {
  const e = error as { resource?: unknown; field?: unknown; code?: unknown };
  return [e.resource, e.field, e.code].filter((part) => typeof part === "string").join(" ");
}

/** When the primary or secondary rate limit lifts, as a readable time, or undefined if this is not a rate limit. */
function rateLimitReset(failure: RequestFailure): string | undefined {
  const headers = failure.response?.headers ?? {};
  if (String(headers["x-ratelimit-remaining"]) === "0" && headers["x-ratelimit-reset"] !== undefined) {
    return new Date(Number(headers["x-ratelimit-reset"]) * 1000).toISOString();
  }
  const message = githubMessage(failure);
  if (/secondary rate limit/i.test(message)) {
    const after = Number(headers["retry-after"] ?? 60);
    return new Date(Date.now() + after * 1000).toISOString();
  }
  return undefined;
}

/** Run a GitHub call, turning any failure into a DeliveryError that explains it. */
export async function call<T>(
  action: GitHubAction,
  apiUrl: string,
  redact: Redactor,
  request: () => Promise<T>,
): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw gitHubFailure(error, action, apiUrl, redact);
  }
}
