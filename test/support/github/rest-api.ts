/**
 * The REST dispatcher: authentication, routing by OpenAPI path template, request validation against the
 * description, then the route's handler. Routes name their template so the validator needs no guessing.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import { GitHubHttpError, githubError } from "./http.js";
import { operationValidator } from "./openapi.js";
import type { RepoRecord, Store } from "./store.js";
import type { OpenApiDescription, PullRecord } from "./types.js";

export interface ApiReply {
  status: number;
  body: unknown;
  headers?: OutgoingHttpHeaders;
}

export interface RouteContext {
  store: Store;
  /** Path parameters, already percent-decoded (`feature%2Fx` → `feature/x`). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Validated against the operation's schema; `{}` when the request had no body. */
  body: Record<string, unknown>;
  /** The operation's documentation page, for error bodies. */
  documentationUrl: string;
}

export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT";
  /** Path key in the OpenAPI description, e.g. `/repos/{owner}/{repo}/pulls`. */
  template: string;
  handle(ctx: RouteContext): Promise<ApiReply>;
}

export interface ApiRequest {
  method: string;
  /** Path below the API root, without query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON; undefined for an empty body. */
  body: unknown;
  /** The body was not JSON: GitHub answers 400 before any validation. */
  invalidJson: boolean;
}

export interface RestApi {
  handle(request: ApiRequest): Promise<ApiReply>;
}

export function createRestApi(store: Store, token: string, description: OpenApiDescription, routes: Route[]): RestApi {
  const compiled = routes.map((route) => ({ route, ...compileTemplate(route.template) }));
  return {
    async handle(request) {
      try {
        authenticate(request.headers, token);
        const found = matchRoute(compiled, request.method, request.path);
        if (!found) throw githubError(404, "Not Found");
        const validator = operationValidator(description, request.method, found.route.template);
        if (request.invalidJson) throw githubError(400, "Problems parsing JSON", validator.documentationUrl);
        const problems = validator.problems(request.query, request.body);
        if (problems.length > 0) {
          throw githubError(422, `Invalid request.\n\n${problems.join("\n")}`, validator.documentationUrl);
        }
        const body = (request.body ?? {}) as Record<string, unknown>;
        return await found.route.handle({
          store,
          params: found.params,
          query: request.query,
          body,
          documentationUrl: validator.documentationUrl,
        });
      } catch (error) {
        if (error instanceof GitHubHttpError) return { status: error.status, body: error.body, headers: error.headers };
        throw error;
      }
    },
  };
}

/** `token <t>` or `Bearer <t>`, as GitHub accepts for personal access and app tokens. */
function authenticate(headers: IncomingHttpHeaders, token: string): void {
  const header = headers.authorization;
  if (!header) throw githubError(401, "Requires authentication");
  const match = /^(token|bearer)\s+(\S+)$/i.exec(header.trim());
  if (!match || match[2] !== token) throw githubError(401, "Bad credentials");
}

interface CompiledTemplate {
  pattern: RegExp;
  names: string[];
}

function compileTemplate(template: string): CompiledTemplate {
  const names: string[] = [];
  const source = template
    .split("/")
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(param[1]);
      return "([^/]+)";
    })
    .join("/");
  return { pattern: new RegExp(`^${source}$`), names };
}

function matchRoute(
  compiled: (CompiledTemplate & { route: Route })[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const { route, pattern, names } of compiled) {
    if (route.method !== method) continue;
    const match = pattern.exec(path);
    if (!match) continue;
    try {
      return { route, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])])) };
    } catch {
      return undefined; // malformed percent-encoding: GitHub answers 404 too
    }
  }
  return undefined;
}

/** The repository named by `{owner}/{repo}`, or GitHub's 404 for the operation. */
export function requireRepo(ctx: RouteContext): RepoRecord {
  const repo = ctx.store.find(ctx.params.owner, ctx.params.repo);
  if (!repo) throw githubError(404, "Not Found", ctx.documentationUrl);
  return repo;
}

/** The pull request named by `{pull_number}` or `{issue_number}`, or 404. */
export function requirePull(ctx: RouteContext, repo: RepoRecord): PullRecord {
  const number = Number(ctx.params.pull_number ?? ctx.params.issue_number);
  const pull = repo.pulls.find((p) => p.number === number);
  if (!pull) throw githubError(404, "Not Found", ctx.documentationUrl);
  return pull;
}
