/**
 * A loopback GitHub for integration tests: a real HTTP server on 127.0.0.1 that speaks GitHub's REST API
 * (validated against GitHub's own OpenAPI description) and serves real bare repositories over smart HTTP
 * through `git http-backend`. Code under test talks to it exactly as it talks to GitHub or GHES.
 *
 *   const gh = await startFakeGitHub({ token: "t0ken" });
 *   await gh.createRepo(gh.login, "fleet");
 *   new Octokit({ auth: "t0ken", baseUrl: gh.apiUrl });   // git remote: gh.cloneUrl(gh.login, "fleet")
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { branchTip, commitFiles, listFiles, readBlob } from "./github/bare-repo.js";
import { FaultQueue, serveFault } from "./github/faults.js";
import { askForCredentials, gitCredentialsValid, serveGitHttp } from "./github/git-http.js";
import { parseJsonBody, readBody, REST_DOCS, sendJson } from "./github/http.js";
import { createRestApi, type RestApi } from "./github/rest-api.js";
import { handleGraphql } from "./github/graphql.js";
import { mergePull, pullRoutes } from "./github/routes-pulls.js";
import { repoRoutes } from "./github/routes-repos.js";
import { Store, type RepoRecord } from "./github/store.js";
import type { FakeGitHub, FakeGitHubOptions, RecordedRequest } from "./github/types.js";

export type {
  ApiPrefix,
  CreateRepoOptions,
  FakeGitHub,
  FakeGitHubOptions,
  Fault,
  OpenApiDescription,
  PullRecord,
  RecordedRequest,
} from "./github/types.js";

/** Where the smart-HTTP remotes live: `<origin>/git/<owner>/<name>.git`. */
const GIT_MOUNT = "/git";

export async function startFakeGitHub(opts: FakeGitHubOptions): Promise<FakeGitHub> {
  const root = await mkdtemp(join(tmpdir(), "fake-github-"));
  const gitRoot = join(root, "repos");
  await mkdir(gitRoot);
  const prefix = opts.apiPrefix ?? "";
  const server = createServer();
  const origin = await listen(server);
  const store = new Store(gitRoot, opts.owner ?? "octocat", {
    api: origin + prefix,
    web: origin,
    git: origin + GIT_MOUNT,
  });
  const api = createRestApi(store, opts.token, opts.openapi ?? "api.github.com", [...repoRoutes, ...pullRoutes]);
  const requests: RecordedRequest[] = [];
  const faults = new FaultQueue();
  const context: DispatchContext = { origin, prefix, token: opts.token, store, api, faults, requests };

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    dispatch(context, req, res).catch((error: unknown) => {
      // Surface server bugs to the client under test instead of hanging it.
      if (!res.headersSent) sendJson(res, 500, { message: `fake GitHub failed: ${String(error)}` });
      else res.destroy();
    });
  });

  const repo = (owner: string, name: string): RepoRecord => {
    const found = store.find(owner, name);
    if (!found) throw new Error(`the fake GitHub has no repository ${owner}/${name}`);
    return found;
  };

  return {
    apiUrl: origin + prefix,
    webUrl: origin,
    gitRoot,
    login: store.login,
    requests,
    cloneUrl: (owner, name) => store.cloneUrl(owner, name),
    async createRepo(owner, name, repoOpts = {}) {
      await store.createRepo(owner, name, { ...repoOpts, files: repoOpts.files ?? { "README.md": `# ${name}\n` } });
    },
    pulls: (owner, name) => repo(owner, name).pulls.map((pull) => structuredClone(pull)),
    injectFaults: (list) => faults.add(list),
    branchSha: (owner, name, branch) => branchTip(repo(owner, name).gitDir, branch),
    readFileAtBranch: (owner, name, branch, path) => readBlob(repo(owner, name).gitDir, branch, path),
    filesAtBranch: (owner, name, branch) => listFiles(repo(owner, name).gitDir, branch),
    async mergePull(owner, name, number, method = "merge") {
      const record = repo(owner, name);
      const pull = record.pulls.find((candidate) => candidate.number === number);
      const sha = pull && (await mergePull(record, pull, method));
      if (!sha) throw new Error(`pull request #${number} of ${owner}/${name} cannot be merged`);
      return sha;
    },
    commitFiles(owner, name, branch, files, message = "Commit from another contributor") {
      const { gitDir, defaultBranch } = repo(owner, name);
      return commitFiles(gitDir, branch, files, message, defaultBranch);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

interface DispatchContext {
  origin: string;
  prefix: string;
  token: string;
  store: Store;
  api: RestApi;
  faults: FaultQueue;
  requests: RecordedRequest[];
}

async function dispatch(ctx: DispatchContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", ctx.origin);
  const method = req.method ?? "GET";
  const record: RecordedRequest = {
    method,
    url: req.url ?? "/",
    path: url.pathname,
    headers: { ...req.headers },
    body: undefined,
  };
  ctx.requests.push(record);
  res.on("finish", () => {
    record.status = res.statusCode;
  });

  if (url.pathname.startsWith(`${GIT_MOUNT}/`)) return dispatchGit(ctx, req, res, url);

  const parsed = parseJsonBody(await readBody(req));
  record.body = parsed.ok ? parsed.value : parsed.raw;
  // GraphQL lives beside the REST root: /graphql, or /api/graphql on GitHub Enterprise Server.
  if (method === "POST" && url.pathname === (ctx.prefix ? "/api/graphql" : "/graphql")) {
    const reply = handleGraphql(ctx.store, ctx.token, req.headers, parsed.ok ? parsed.value : undefined);
    return sendJson(res, reply.status, reply.body, reply.headers);
  }
  const below = belowPrefix(url.pathname, ctx.prefix);
  const fault = ctx.faults.take(method, below ?? url.pathname);
  if (fault) return serveFault(fault, req, res);
  if (below === undefined)
    return sendJson(res, 404, { message: "Not Found", documentation_url: REST_DOCS, status: "404" });

  const reply = await ctx.api.handle({
    method,
    path: below,
    query: url.searchParams,
    headers: req.headers,
    body: parsed.ok ? parsed.value : undefined,
    invalidJson: !parsed.ok,
  });
  sendJson(res, reply.status, reply.body, reply.headers);
}

async function dispatchGit(ctx: DispatchContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const fault = ctx.faults.take(req.method ?? "GET", url.pathname);
  if (fault?.beforeServing) await fault.beforeServing();
  else if (fault) {
    req.resume();
    return serveFault(fault, req, res);
  }
  if (!gitCredentialsValid(req.headers.authorization, ctx.token)) {
    req.resume();
    return askForCredentials(res);
  }
  const pathInfo = url.pathname.slice(GIT_MOUNT.length);
  await serveGitHttp(req, res, ctx.store.gitRoot, pathInfo, url.search.slice(1), ctx.store.login);
}

/** The path below the API root, or undefined when the request is outside it (GHES serves the API under /api/v3). */
function belowPrefix(pathname: string, prefix: string): string | undefined {
  if (prefix === "") return pathname;
  if (pathname === prefix || !pathname.startsWith(`${prefix}/`)) return undefined;
  return pathname.slice(prefix.length);
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}
