/**
 * Proves the loopback GitHub behaves like GitHub where our code depends on it: Octokit round-trips, GitHub's
 * exact error bodies, OpenAPI validation, the GHES prefix, real git over smart HTTP, and injected faults.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { devNull, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { retry } from "@octokit/plugin-retry";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "./support/github-server.js";

const run = promisify(execFile);
const TOKEN = `ghp_fake_${randomBytes(8).toString("hex")}`;
/** Octokit logs every 4xx/5xx; the failures here are the point of the tests. */
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Git with no user or system config; the auth header travels in GIT_CONFIG_* so it never shows in argv. */
function gitEnv(authorization?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: devNull,
    GIT_TERMINAL_PROMPT: "0",
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.com",
  };
  if (authorization) {
    Object.assign(env, {
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: "http.extraHeader",
      GIT_CONFIG_VALUE_0: `Authorization: ${authorization}`,
    });
  }
  return env;
}

async function git(cwd: string, args: string[], authorization?: string): Promise<string> {
  const { stdout } = await run("git", args, { cwd, env: gitEnv(authorization) });
  return stdout.trim();
}

describe("fake GitHub (api.github.com layout)", () => {
  let gh: FakeGitHub;
  let octokit: Octokit;
  let work: string;

  beforeAll(async () => {
    gh = await startFakeGitHub({ token: TOKEN, owner: "octo" });
    await gh.createRepo("octo", "fleet", {
      files: { "README.md": "# fleet\n", "clusters/prod/kustomization.yaml": "resources: []\n" },
    });
    octokit = new Octokit({ log: quiet, auth: TOKEN, baseUrl: gh.apiUrl });
    work = await mkdtemp(join(tmpdir(), "fake-github-test-"));
  });

  afterAll(async () => {
    await gh?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("serves a repository in GitHub's shape and 404s a missing one", async () => {
    const { data } = await octokit.repos.get({ owner: "octo", repo: "fleet" });
    expect(data).toMatchObject({
      name: "fleet",
      full_name: "octo/fleet",
      owner: { login: "octo" },
      private: false,
      default_branch: "main",
      clone_url: gh.cloneUrl("octo", "fleet"),
      permissions: { push: true, admin: true },
    });
    await expect(octokit.repos.get({ owner: "octo", repo: "nope" })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: "Not Found" } },
    });
    const branch = await octokit.repos.getBranch({ owner: "octo", repo: "fleet", branch: "main" });
    expect(branch.data.commit.sha).toBe(await gh.branchSha("octo", "fleet", "main"));
  });

  it("answers a wrong token with GitHub's 401", async () => {
    const intruder = new Octokit({ log: quiet, auth: "ghp_wrong", baseUrl: gh.apiUrl });
    await expect(intruder.users.getAuthenticated()).rejects.toMatchObject({
      status: 401,
      response: {
        data: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" },
      },
    });
    expect((await octokit.users.getAuthenticated()).data.login).toBe("octo");
  });

  it("rejects bodies that break GitHub's OpenAPI description", async () => {
    const badTitle = octokit.request("POST /repos/{owner}/{repo}/pulls", {
      owner: "octo",
      repo: "fleet",
      head: "main",
      base: "main",
      title: 123 as unknown as string,
    });
    await expect(badTitle).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: "Invalid request.\n\nFor 'properties/title', 123 is not a string.",
          documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
        },
      },
    });
    const noBase = octokit.request("POST /repos/{owner}/{repo}/pulls", {
      owner: "octo",
      repo: "fleet",
      head: "x",
    } as never);
    await expect(noBase).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Invalid request.\n\n"base" wasn\'t supplied.' } },
    });
    expect(gh.pulls("octo", "fleet")).toEqual([]);
  });

  it("clones, commits and pushes over smart HTTP with the token in an extra header", async () => {
    const clone = join(work, "clone");
    const bearer = `Bearer ${TOKEN}`;
    await git(work, ["clone", "--quiet", gh.cloneUrl("octo", "fleet"), clone], bearer);
    await git(clone, ["switch", "--quiet", "-c", "feature/http"]);
    await writeFile(join(clone, "hello.txt"), "hello over http\n");
    // Larger than http.postBuffer, so git streams the pack chunked and gzip-free: the other upload path.
    await writeFile(join(clone, "blob.bin"), randomBytes(2 * 1024 * 1024));
    await git(clone, ["add", "."]);
    await git(clone, ["commit", "--quiet", "-m", "Add hello"]);
    await git(clone, ["push", "--quiet", "origin", "feature/http"], bearer);

    expect(await gh.branchSha("octo", "fleet", "feature/http")).toBe(await git(clone, ["rev-parse", "HEAD"]));
    expect(await gh.readFileAtBranch("octo", "fleet", "feature/http", "hello.txt")).toBe("hello over http\n");
    expect(await gh.filesAtBranch("octo", "fleet", "feature/http")).toEqual(
      expect.arrayContaining(["README.md", "blob.bin", "clusters/prod/kustomization.yaml", "hello.txt"]),
    );
  }, 30_000);

  it("requires the token on git too, as Bearer or as Basic x-access-token", async () => {
    const url = gh.cloneUrl("octo", "fleet");
    await expect(git(work, ["ls-remote", url])).rejects.toThrow();
    const refused = gh.requests.filter((r) => r.path.startsWith("/git/") && r.status === 401);
    expect(refused.length).toBeGreaterThan(0);

    const basic = `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`;
    expect(await git(work, ["ls-remote", url, "refs/heads/main"], basic)).toContain("refs/heads/main");
  });

  it("opens a pull request, finds it by head, and refuses a duplicate with GitHub's exact 422", async () => {
    await gh.commitFiles("octo", "fleet", "mcp/update", { "apps/mcp.yaml": "kind: HelmRelease\n" });
    const created = await octokit.pulls.create({
      owner: "octo",
      repo: "fleet",
      head: "mcp/update",
      base: "main",
      title: "Update MCP",
      body: "Why",
      draft: true,
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      number: 1,
      state: "open",
      draft: true,
      head: { ref: "mcp/update", label: "octo:mcp/update" },
      base: { ref: "main" },
    });
    expect(created.data.head.sha).toBe(await gh.branchSha("octo", "fleet", "mcp/update"));

    const byHead = await octokit.pulls.list({ owner: "octo", repo: "fleet", head: "octo:mcp/update" });
    expect(byHead.data.map((p) => p.number)).toEqual([1]);
    expect((await octokit.pulls.list({ owner: "octo", repo: "fleet", head: "octo:other" })).data).toEqual([]);

    const duplicate = octokit.pulls.create({
      owner: "octo",
      repo: "fleet",
      head: "mcp/update",
      base: "main",
      title: "Again",
    });
    await expect(duplicate).rejects.toMatchObject({ status: 422 });
    const error = (await duplicate.catch((e: { response: { data: unknown } }) => e)) as { response: { data: unknown } };
    expect(error.response.data).toEqual({
      message: "Validation Failed",
      errors: [
        { resource: "PullRequest", code: "custom", message: "A pull request already exists for octo:mcp/update." },
      ],
      documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
      status: "422",
    });

    await octokit.pulls.update({ owner: "octo", repo: "fleet", pull_number: 1, title: "Update MCP (v2)" });
    await octokit.pulls.requestReviewers({ owner: "octo", repo: "fleet", pull_number: 1, reviewers: ["alice"] });
    await octokit.issues.addLabels({ owner: "octo", repo: "fleet", issue_number: 1, labels: ["gitops"] });
    expect(gh.pulls("octo", "fleet")).toMatchObject([
      {
        number: 1,
        title: "Update MCP (v2)",
        body: "Why",
        head: "mcp/update",
        base: "main",
        draft: true,
        labels: ["gitops"],
        requested_reviewers: ["alice"],
      },
    ]);
  });

  it("refuses a pull request from a branch that was never pushed", async () => {
    const missing = octokit.pulls.create({ owner: "octo", repo: "fleet", head: "ghost", base: "main", title: "Ghost" });
    await expect(missing).rejects.toMatchObject({
      status: 422,
      response: {
        data: { message: "Validation Failed", errors: [{ resource: "PullRequest", field: "head", code: "invalid" }] },
      },
    });
  });

  it("serves two injected 502s, then the real response", async () => {
    gh.injectFaults([{ method: "GET", path: /^\/repos\/octo\/fleet$/, status: 502, times: 2 }]);
    await expect(octokit.repos.get({ owner: "octo", repo: "fleet" })).rejects.toMatchObject({ status: 502 });
    await expect(octokit.repos.get({ owner: "octo", repo: "fleet" })).rejects.toMatchObject({ status: 502 });
    expect((await octokit.repos.get({ owner: "octo", repo: "fleet" })).status).toBe(200);

    // The same faults are invisible to a client with plugin-retry, at the cost of two extra requests.
    gh.injectFaults([{ method: "GET", path: /^\/repos\/octo\/fleet$/, status: 502, times: 2 }]);
    const retrying = new (Octokit.plugin(retry))({
      log: quiet,
      auth: TOKEN,
      baseUrl: gh.apiUrl,
      retry: { retryAfterBaseValue: 1 },
    });
    const before = gh.requests.length;
    expect((await retrying.repos.get({ owner: "octo", repo: "fleet" })).status).toBe(200);
    expect(gh.requests.slice(before).map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it("serves a primary rate limit and a dropped connection", async () => {
    gh.injectFaults([
      { path: "/user", rateLimit: { resetInSeconds: 1 } },
      { path: "/user", dropConnection: true },
    ]);
    const limited = await octokit.users
      .getAuthenticated()
      .catch((e: { status: number; response: { headers: Record<string, string> } }) => e);
    expect(limited).toMatchObject({ status: 403, response: { headers: { "x-ratelimit-remaining": "0" } } });
    const reset = Number(
      (limited as { response: { headers: Record<string, string> } }).response.headers["x-ratelimit-reset"],
    );
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));

    await expect(octokit.users.getAuthenticated()).rejects.toThrow();
    expect((await octokit.users.getAuthenticated()).data.login).toBe("octo");
  });

  it("records requests so tests can prove the token only travels in Authorization", () => {
    const api = gh.requests.filter((r) => !r.path.startsWith("/git/"));
    expect(api.some((r) => r.headers.authorization === `token ${TOKEN}`)).toBe(true);
    const leaks = gh.requests.filter((r) => r.url.includes(TOKEN) || JSON.stringify(r.body ?? "").includes(TOKEN));
    expect(leaks).toEqual([]);
  });
});

describe("fake GitHub (GitHub Enterprise Server layout)", () => {
  let gh: FakeGitHub;
  let octokit: Octokit;

  beforeAll(async () => {
    gh = await startFakeGitHub({ token: TOKEN, apiPrefix: "/api/v3", openapi: "ghes-3.19" });
    octokit = new Octokit({ log: quiet, auth: TOKEN, baseUrl: gh.apiUrl });
  });

  afterAll(async () => {
    await gh?.close();
  });

  it("serves the API under /api/v3 and creates repositories as the body asks", async () => {
    expect(gh.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
    const mine = await octokit.repos.createForAuthenticatedUser({ name: "fleet", private: true, auto_init: true });
    expect(mine.status).toBe(201);
    expect(mine.data).toMatchObject({ full_name: "octocat/fleet", private: true, default_branch: "main" });
    expect(await gh.readFileAtBranch("octocat", "fleet", "main", "README.md")).toBe("# fleet\n");

    const org = await octokit.repos.createInOrg({ org: "platform", name: "gitops", visibility: "private" });
    expect(org.data).toMatchObject({ full_name: "platform/gitops", private: true, owner: { login: "platform" } });
    expect(await gh.branchSha("platform", "gitops", "main")).toBeUndefined();

    await expect(octokit.repos.createForAuthenticatedUser({ name: "fleet" })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Repository creation failed." } },
    });
    const unprefixed = await fetch(`${gh.webUrl}/repos/octocat/fleet`, {
      headers: { authorization: `token ${TOKEN}` },
    });
    expect(unprefixed.status).toBe(404);
  });

  it("opens a pull request through the prefixed API", async () => {
    await gh.commitFiles("octocat", "fleet", "feature", { "a.txt": "a\n" });
    const { data } = await octokit.pulls.create({
      owner: "octocat",
      repo: "fleet",
      head: "octocat:feature",
      base: "main",
      title: "Feature",
    });
    expect(data.url).toBe(`${gh.apiUrl}/repos/octocat/fleet/pulls/1`);
    expect(gh.pulls("octocat", "fleet").map((p) => p.head)).toEqual(["feature"]);
  });
});
