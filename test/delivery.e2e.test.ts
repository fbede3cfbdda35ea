/**
 * Pull-request delivery as a user runs it: the real binary, real git, and a loopback GitHub (REST validated
 * against GitHub's OpenAPI description, git served by `git http-backend`) on 127.0.0.1. Every run's output, every
 * file it left, every request the server saw and every git command line are finally scanned for the token.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { devNull } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir, type CliResult } from "./support/cli.js";
import { startFakeGitHub, type FakeGitHub } from "./support/github-server.js";
import { assertNoSecret, findSecret, recordGitArgv, type ArgvRecorder } from "./support/secrets.js";

const execGit = promisify(execFile);
// Not shaped like a GitHub token on purpose: the generic token patterns must not be what hides it.
const TOKEN = `t0k3n-${randomBytes(16).toString("hex")}`;
const BRANCH = "mcp-gitops/everything";
const IDENTITY = {
  GIT_AUTHOR_NAME: "CI Bot",
  GIT_AUTHOR_EMAIL: "ci@example.com",
  GIT_COMMITTER_NAME: "CI Bot",
  GIT_COMMITTER_EMAIL: "ci@example.com",
};

let work: { path: string; cleanup: () => Promise<void> };
let home: string;
let argv: ArgvRecorder;
const outputs: string[] = [];
const commandLines: string[] = [];
const servers: FakeGitHub[] = [];

/** The binary in `work`, against `gh`, with a HOME that has no git identity (as on CI) unless the env adds one. */
async function deliver(gh: FakeGitHub, args: string[], env: NodeJS.ProcessEnv = IDENTITY): Promise<CliResult> {
  const result = await runCli(args, {
    cwd: work.path,
    env: {
      GITHUB_TOKEN: TOKEN,
      GH_TOKEN: undefined,
      GITHUB_API_URL: gh.apiUrl,
      HOME: home,
      XDG_CONFIG_HOME: home,
      PATH: `${argv.binDir}:${process.env.PATH}`,
      ...env,
    },
  });
  outputs.push(result.stdout, result.stderr);
  commandLines.push(["create-mcp-gitops", ...args].join(" "));
  return result;
}

function succeeded(result: CliResult): CliResult {
  if (result.code !== 0) throw new Error(`exit ${result.code}\n${result.stderr}\n${result.stdout}`);
  return result;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await execGit("git", args, {
    cwd,
    env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: devNull },
  });
  return stdout.trim();
}

beforeAll(async () => {
  work = await tempDir("mcp-gitops-delivery-");
  home = join(work.path, "home");
  await mkdir(home);
  argv = await recordGitArgv(join(work.path, "argv"));
});

afterAll(async () => {
  await Promise.all(servers.map((gh) => gh.close()));
  await work?.cleanup();
});

// The groups run side by side (mostly waiting on GitHub-style throttling and retry delays); the leak scan runs last.
describe.concurrent("delivery to GitHub", () => {
  let gh: FakeGitHub;
  let clone: string;

  beforeAll(async () => {
    gh = await startFakeGitHub({ token: TOKEN, owner: "octo" });
    servers.push(gh);
    await gh.createRepo("octo", "fleet");
    clone = join(work.path, "fleet");
  });

  it.sequential("opens exactly one pull request whose branch holds the generated files, leaving the base untouched", async () => {
    const mainBefore = await gh.branchSha("octo", "fleet", "main");
    const run = succeeded(
      await deliver(gh, [
        "--yes",
        "--repo",
        "octo/fleet",
        "--reviewers",
        "alice,bob",
        "--labels",
        "gitops,mcp",
        "--json",
      ]),
    );
    const report = JSON.parse(run.stdout);
    expect(report.delivery).toMatchObject({
      repository: "octo/fleet",
      branch: BRANCH,
      base: "main",
      pushed: true,
      committed: true,
    });
    expect(report.delivery.pullRequest).toEqual({
      number: 1,
      url: `${gh.webUrl}/octo/fleet/pull/1`,
      created: true,
      draft: false,
    });

    const pulls = gh.pulls("octo", "fleet");
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({
      head: BRANCH,
      base: "main",
      draft: false,
      labels: ["gitops", "mcp"],
      requested_reviewers: ["alice", "bob"],
    });
    expect(pulls[0]!.title).toBe("Add GitOps for MCP server everything (Flux)");
    expect(pulls[0]!.body).toContain("## How to review");

    const generated: string[] = report.files.map((file: { path: string }) => file.path);
    expect(await gh.filesAtBranch("octo", "fleet", BRANCH)).toEqual([...generated].sort());
    for (const path of [".mcp-gitops.yaml", "apps/prod/everything/values.yaml"]) {
      expect(await gh.readFileAtBranch("octo", "fleet", BRANCH, path)).toBe(await readFile(join(clone, path), "utf8"));
    }
    const record = parse((await gh.readFileAtBranch("octo", "fleet", BRANCH, ".mcp-gitops.yaml"))!);
    expect(record.answers.repository).toEqual({
      owner: "octo",
      name: "fleet",
      baseBranch: "main",
      url: gh.cloneUrl("octo", "fleet"),
      // GitHub says octo is a user account: the bootstrap command needs --personal, and only that variant is given.
      ownerType: "user",
    });
    expect(pulls[0]!.body).toMatch(/flux bootstrap github --hostname=127\.0\.0\.1 --owner=octo .*--personal/);

    expect(await gh.branchSha("octo", "fleet", "main")).toBe(mainBefore);
    expect(await gh.filesAtBranch("octo", "fleet", "main")).toEqual(["README.md"]);
    expect(await git(clone, ["log", "-1", "--format=%an <%ae>|%cn <%ce>|%s"])).toBe(
      "CI Bot <ci@example.com>|CI Bot <ci@example.com>|Add GitOps for MCP server everything (Flux)",
    );
    expect(await git(clone, ["rev-parse", "--abbrev-ref", "HEAD"])).toBe(BRANCH);
  });

  it.sequential("updates the same pull request on a second run instead of opening another", async () => {
    const tip = await gh.branchSha("octo", "fleet", BRANCH);
    const before = gh.requests.length;
    const run = succeeded(
      await deliver(gh, [
        "fleet",
        "--yes",
        "--repo",
        "octo/fleet",
        "--reviewers",
        "alice,bob",
        "--title",
        "MCP servers for the fleet",
        "--json",
      ]),
    );
    expect(JSON.parse(run.stdout).delivery).toMatchObject({
      committed: false,
      pullRequest: { number: 1, created: false },
    });
    expect(gh.pulls("octo", "fleet")).toMatchObject([
      { number: 1, title: "MCP servers for the fleet", requested_reviewers: ["alice", "bob"] },
    ]);
    expect(await gh.branchSha("octo", "fleet", BRANCH)).toBe(tip);
    // Reviewers who were already asked are not asked (and notified) again.
    const calls = gh.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(calls).toContain("PATCH /repos/octo/fleet/pulls/1");
    expect(calls.filter((call) => call.startsWith("POST /repos/octo/fleet/pulls"))).toEqual([]);
  });

  it.sequential("retries a push rejected because the branch moved on GitHub, after fetching it", async () => {
    // Another person pushes after git read the remote refs and before its push is taken in. (Not a pre-push hook of
    // the clone: hooks never run for delivery's own git calls.)
    gh.injectFaults([
      {
        method: "POST",
        path: "/git/octo/fleet.git/git-receive-pack",
        beforeServing: async () => {
          await gh.commitFiles("octo", "fleet", BRANCH, { "NOTES.md": "a reviewer's notes\n" });
        },
      },
    ]);
    const before = gh.requests.length;
    const run = succeeded(
      await deliver(gh, ["fleet", "--yes", "--repo", "octo/fleet", "--set", "environments.prod.size=large", "--json"]),
    );

    const pushes = gh.requests.slice(before).filter((r) => r.path.endsWith("/git-receive-pack"));
    expect(pushes).toHaveLength(2);
    expect(await gh.readFileAtBranch("octo", "fleet", BRANCH, "NOTES.md")).toBe("a reviewer's notes\n");
    expect(await gh.readFileAtBranch("octo", "fleet", BRANCH, "apps/prod/everything/values.yaml")).toMatch(
      /memory: 2Gi/,
    );
    expect(JSON.parse(run.stdout).delivery.commit).toBe(await gh.branchSha("octo", "fleet", BRANCH));
    expect(gh.pulls("octo", "fleet")).toHaveLength(1);
  });

  it.sequential("starts afresh when the branch is gone from GitHub, keeping the old local branch under another name", async () => {
    // As after a merge: the branch is deleted, and the base has changed the files the old commits added.
    await git(join(gh.gitRoot, "octo/fleet.git"), ["update-ref", "-d", `refs/heads/${BRANCH}`]);
    await gh.commitFiles("octo", "fleet", "main", { "apps/prod/everything/values.yaml": "# edited after the merge\n" });
    const run = succeeded(
      await deliver(gh, ["fleet", "--yes", "--repo", "octo/fleet", "--set", "environments.prod.size=large", "--json"]),
    );
    const report = JSON.parse(run.stdout);
    expect(report.warnings.join("\n")).toMatch(
      /local branch mcp-gitops\/everything did not rebase onto main .* kept as mcp-gitops\/everything-previous-[0-9a-f]{8}/,
    );
    expect(await git(clone, ["branch", "--list", `${BRANCH}-previous-*`])).not.toBe("");
    expect(await gh.readFileAtBranch("octo", "fleet", BRANCH, "NOTES.md")).toBeUndefined();
    expect(await gh.readFileAtBranch("octo", "fleet", BRANCH, "apps/prod/everything/values.yaml")).toMatch(
      /memory: 2Gi/,
    );
    expect(report.delivery.commit).toBe(await gh.branchSha("octo", "fleet", BRANCH));
  });
});

describe.concurrent("delivery options", () => {
  let gh: FakeGitHub;

  beforeAll(async () => {
    gh = await startFakeGitHub({ token: TOKEN, owner: "octo" });
    servers.push(gh);
  });

  it("--create-repo --draft creates a private repository and opens a draft; no git identity falls back to the token owner", async () => {
    // DEBUG=simple-git* would print every git child's environment; the leak scan at the end covers this output too.
    const run = succeeded(
      await deliver(gh, ["drafted", "--yes", "--repo", "octo/drafted", "--create-repo", "--draft", "--json"], {
        DEBUG: "simple-git*",
      }),
    );
    const report = JSON.parse(run.stdout);
    expect(report.delivery).toMatchObject({
      createdRepository: true,
      pullRequest: { number: 1, draft: true, created: true },
    });
    const repo = await fetch(`${gh.apiUrl}/repos/octo/drafted`, { headers: { authorization: `token ${TOKEN}` } }).then(
      (r) => r.json(),
    );
    expect(repo).toMatchObject({ private: true, default_branch: "main" });
    expect(gh.pulls("octo", "drafted")).toMatchObject([{ draft: true, base: "main", head: BRANCH }]);
    const author = await git(join(work.path, "drafted"), ["log", "-1", "--format=%an <%ae>"]);
    expect(author).toMatch(/^octo <\d+\+octo@users\.noreply\.127\.0\.0\.1>$/);
    expect(report.warnings.join("\n")).toContain("no git identity is configured");
  });

  it("--create-repo --public creates the repository in an organization", async () => {
    succeeded(
      await deliver(gh, [
        "platform-gitops",
        "--yes",
        "--repo",
        "platform/gitops",
        "--create-repo",
        "--public",
        "--gitops",
        "argocd",
      ]),
    );
    const repo = await fetch(`${gh.apiUrl}/repos/platform/gitops`, {
      headers: { authorization: `token ${TOKEN}` },
    }).then((r) => r.json());
    expect(repo).toMatchObject({ private: false, owner: { login: "platform" } });
    expect(gh.pulls("platform", "gitops")).toMatchObject([
      { number: 1, title: "Add GitOps for MCP server everything (Argo CD)" },
    ]);
    expect(await gh.readFileAtBranch("platform", "gitops", BRANCH, "argocd/dev/everything.yaml")).toContain(
      `repoURL: ${gh.cloneUrl("platform", "gitops")}`,
    );
  });

  it("--no-pr commits with --author to --branch off --base and pushes, opening nothing", async () => {
    await gh.createRepo("octo", "quiet", { files: { "README.md": "# quiet\n" } });
    await gh.commitFiles("octo", "quiet", "release", { "CHANGES.md": "release notes\n" });
    const args = [
      "quiet",
      "--yes",
      "--repo",
      "octo/quiet",
      "--no-pr",
      "--branch",
      "feature/mcp",
      "--base",
      "release",
      "--author",
      "Jane Doe <jane@example.com>",
    ];
    const run = succeeded(await deliver(gh, args, {}));
    expect(run.stdout).toContain("No pull request opened (--no-pr).");
    expect(gh.pulls("octo", "quiet")).toEqual([]);
    expect(await gh.filesAtBranch("octo", "quiet", "feature/mcp")).toContain("CHANGES.md");
    expect(await gh.readFileAtBranch("octo", "quiet", "feature/mcp", ".mcp-gitops.yaml")).toContain(
      "baseBranch: release",
    );
    expect(await git(join(work.path, "quiet"), ["log", "-1", "--format=%an <%ae>|%cn <%ce>"])).toBe(
      "Jane Doe <jane@example.com>|Jane Doe <jane@example.com>",
    );
  });

  it("explains a missing repository, a bad token and a missing token, and pushes nothing", async () => {
    const missing = await deliver(gh, ["nowhere", "--yes", "--repo", "octo/nowhere"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/repository octo\/nowhere was not found .*--create-repo/);

    await gh.createRepo("octo", "locked");
    const bad = await deliver(gh, ["locked", "--yes", "--repo", "octo/locked"], {
      ...IDENTITY,
      GITHUB_TOKEN: "ghp_notTheRightTokenAtAll000000000000",
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/rejected the token \(401 Bad credentials\).*GITHUB_TOKEN/);
    expect(bad.stderr).not.toContain("ghp_notTheRightTokenAtAll");
    expect(await gh.filesAtBranch("octo", "locked", BRANCH)).toEqual([]);

    const none = await deliver(gh, ["locked", "--yes", "--repo", "octo/locked"], {
      ...IDENTITY,
      GITHUB_TOKEN: undefined,
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("set GITHUB_TOKEN (or GH_TOKEN)");
  });

  it("keeps the commit when the push is refused, and delivers it on the next run", async () => {
    await gh.createRepo("octo", "refused");
    gh.injectFaults([{ method: "POST", path: "/git/octo/refused.git/git-receive-pack", status: 403 }]);
    const refused = await deliver(gh, ["refused", "--yes", "--repo", "octo/refused"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/GitHub refused the push of mcp-gitops\/everything: the token needs write access/);
    expect(refused.stderr).toContain(
      `Nothing is lost: the changes are committed on branch ${BRANCH} in ${join(work.path, "refused")}`,
    );
    const local = await git(join(work.path, "refused"), ["rev-parse", BRANCH]);
    expect(await gh.branchSha("octo", "refused", BRANCH)).toBeUndefined();

    succeeded(await deliver(gh, ["refused", "--yes", "--repo", "octo/refused"]));
    expect(await gh.branchSha("octo", "refused", BRANCH)).toBe(local);
    expect(gh.pulls("octo", "refused")).toHaveLength(1);
  });

  it("makes no request for a dry run, a folder that is not a clone, a clone with uncommitted changes, or delivery flags without --repo", async () => {
    const dry = succeeded(await deliver(gh, ["junk-dry", "--yes", "--repo", "octo/junk", "--dry-run", "--json"]));
    expect(JSON.parse(dry.stdout).delivery).toMatchObject({
      dryRun: true,
      branch: BRANCH,
      repository: "octo/junk",
      pushed: false,
    });

    const junk = join(work.path, "junk");
    await mkdir(junk);
    await writeFile(join(junk, "notes.txt"), "mine\n");
    const notClone = await deliver(gh, ["junk", "--yes", "--repo", "octo/junk"]);
    expect(notClone.code).toBe(2);
    expect(notClone.stderr).toContain("is not empty and not the top of a git clone");

    await git(junk, ["init", "--quiet"]);
    await git(junk, [
      "-c",
      "user.name=Me",
      "-c",
      "user.email=me@example.com",
      "commit",
      "--quiet",
      "--allow-empty",
      "-m",
      "start",
    ]);
    await git(junk, ["add", "notes.txt"]);
    const dirty = await deliver(gh, ["junk", "--yes", "--repo", "octo/junk"]);
    expect(dirty.code).toBe(2);
    expect(dirty.stderr).toContain("has uncommitted changes; commit or stash them first");

    const stray = await deliver(gh, ["elsewhere", "--yes", "--draft"]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("--draft: only applies with --repo <owner/name>");
    expect(gh.requests.some((r) => r.path.includes("/junk"))).toBe(false);
  });
});

describe.concurrent("delivery through faults", () => {
  let gh: FakeGitHub;

  beforeAll(async () => {
    gh = await startFakeGitHub({ token: TOKEN, owner: "octo" });
    servers.push(gh);
  });

  it("ends with exactly one pull request despite two 502s, a rate limit with reset and a dropped connection", async () => {
    await gh.createRepo("octo", "flaky");
    gh.injectFaults([
      { method: "GET", path: "/repos/octo/flaky", rateLimit: { resetInSeconds: 1 } },
      { method: "GET", path: "/repos/octo/flaky/pulls", dropConnection: true },
      { method: "POST", path: "/repos/octo/flaky/pulls", status: 502, times: 2 },
    ]);
    const run = succeeded(await deliver(gh, ["flaky", "--yes", "--repo", "octo/flaky", "--json"]));
    expect(JSON.parse(run.stdout).delivery.pullRequest).toMatchObject({ number: 1, created: true });
    expect(gh.pulls("octo", "flaky")).toHaveLength(1);
    const statuses = (method: string, path: string) =>
      gh.requests.filter((r) => r.method === method && r.path === path).map((r) => r.status);
    expect(statuses("GET", "/repos/octo/flaky")).toEqual([403, 200]);
    expect(statuses("GET", "/repos/octo/flaky/pulls")).toEqual([undefined, 200]);
    expect(statuses("POST", "/repos/octo/flaky/pulls")).toEqual([502, 502, 201]);
  });

  it("gives up on a request GitHub never answers, retries it, and names the timeout when GitHub stays silent", async () => {
    const quick = { ...IDENTITY, MCP_GITOPS_GITHUB_TIMEOUT: "1" };
    await gh.createRepo("octo", "sleepy");
    gh.injectFaults([
      { method: "GET", path: "/repos/octo/sleepy", stall: true },
      { method: "GET", path: "/repos/octo/sleepy/pulls", stallBody: true },
    ]);
    const recovered = succeeded(await deliver(gh, ["sleepy", "--yes", "--repo", "octo/sleepy", "--json"], quick));
    expect(JSON.parse(recovered.stdout).delivery.pullRequest).toMatchObject({ created: true });
    const lookups = gh.requests
      .filter((r) => r.method === "GET" && r.path === "/repos/octo/sleepy")
      .map((r) => r.status);
    expect(lookups[0]).toBeUndefined(); // never answered
    expect(lookups.slice(1)).toContain(200);
    // Cut off half-way through the body: retried, not taken for an empty answer.
    expect(
      gh.requests.filter((r) => r.method === "GET" && r.path === "/repos/octo/sleepy/pulls").length,
    ).toBeGreaterThan(1);
    expect(gh.pulls("octo", "sleepy")).toHaveLength(1);

    await gh.createRepo("octo", "silent");
    gh.injectFaults([{ method: "GET", path: "/repos/octo/silent", stall: true, times: 10 }]);
    const silent = await deliver(gh, ["silent", "--yes", "--repo", "octo/silent"], quick);
    expect(silent.code).toBe(1);
    expect(silent.stderr).toContain(
      `could not reach GitHub at ${gh.apiUrl} to look up octo/silent: no answer within 1 s`,
    );

    const bad = await deliver(gh, ["bad", "--yes", "--repo", "octo/silent"], {
      ...IDENTITY,
      MCP_GITOPS_GITHUB_TIMEOUT: "soon",
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("MCP_GITOPS_GITHUB_TIMEOUT: 'soon' must be a number of seconds");
  });

  it("explains a rate limit too far from its reset, and GitHub's 422, keeping the pushed work", async () => {
    await gh.createRepo("octo", "limited");
    gh.injectFaults([{ method: "GET", path: "/repos/octo/limited", rateLimit: { resetInSeconds: 3600 } }]);
    const limited = await deliver(gh, ["limited", "--yes", "--repo", "octo/limited"]);
    expect(limited.code).toBe(1);
    expect(limited.stderr).toMatch(
      /rate limit is exhausted \(403\) while trying to look up octo\/limited; it resets at \d{4}-\d\d-\d\dT/,
    );

    await gh.createRepo("octo", "strict");
    const message = "Draft pull requests are not supported in this repository.";
    gh.injectFaults([
      {
        method: "POST",
        path: "/repos/octo/strict/pulls",
        status: 422,
        body: { message: "Validation Failed", errors: [{ resource: "PullRequest", code: "custom", message }] },
      },
    ]);
    const refused = await deliver(gh, ["strict", "--yes", "--repo", "octo/strict", "--draft"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `GitHub refused to open a pull request from ${BRANCH} into main (422 Validation Failed: ${message})`,
    );
    expect(refused.stderr).toContain("Nothing is lost");
    expect(await gh.branchSha("octo", "strict", BRANCH)).toBe(
      await git(join(work.path, "strict"), ["rev-parse", "HEAD"]),
    );
  });
});

describe.concurrent("delivery to GitHub Enterprise Server", () => {
  it("works against an /api/v3 API root given with --github-api-url", async () => {
    const gh = await startFakeGitHub({ token: TOKEN, owner: "octo", apiPrefix: "/api/v3", openapi: "ghes-3.19" });
    servers.push(gh);
    await gh.createRepo("octo", "enterprise");
    const run = succeeded(
      await deliver(gh, ["enterprise", "--yes", "--repo", "octo/enterprise", "--github-api-url", gh.apiUrl, "--json"], {
        ...IDENTITY,
        GITHUB_API_URL: undefined,
      }),
    );
    expect(JSON.parse(run.stdout).delivery.pullRequest.url).toBe(`${gh.webUrl}/octo/enterprise/pull/1`);
    expect(gh.pulls("octo", "enterprise")).toHaveLength(1);
    const api = gh.requests.filter((r) => !r.path.startsWith("/git/"));
    expect(api.every((r) => r.path.startsWith("/api/v3/"))).toBe(true);
  });
});

describe("the token", () => {
  it("appears in no output, file, git object, server URL or body, or process argument", async () => {
    const gitLines = await argv.lines();
    expect(gitLines.some((line) => line.startsWith("git push"))).toBe(true);
    // The scan itself must be able to find what it looks for.
    expect(await findSecret(TOKEN, { outputs: [`x${TOKEN}x`] })).toEqual(["output #0"]);
    await assertNoSecret(TOKEN, {
      outputs,
      // The clones and HOME, and the server's bare repositories: everything that was pushed.
      dirs: [work.path, ...servers.map((gh) => gh.gitRoot)],
      serverRequests: servers.flatMap((gh) => gh.requests),
      argv: [...commandLines, ...gitLines],
    });
    // The token did travel, in the Authorization header only.
    const git = servers.flatMap((gh) => gh.requests).filter((r) => r.path.includes("/git-receive-pack"));
    expect(
      git.every(
        (r) => r.headers.authorization === `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`,
      ),
    ).toBe(true);
  });
});
