/**
 * The token's path: redaction of every form it can take, the git environment that carries it (checked with real
 * git through simple-git, which strips GIT_* variables unless allowed), and the validation of delivery options.
 */
import { execFile } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitEnvironment, openGit, releaseGitAuth, repositoryKey } from "../src/delivery/git.js";
import { defaultBranch, parseIdentity, resolveDeliveryOptions } from "../src/delivery/options.js";
import { basicAuthorization, createRedactor, REDACTED } from "../src/delivery/redact.js";
import { tempDir } from "./support/cli.js";

const TOKEN = "t0k3n-5ecret-value-0123456789";

describe("redaction", () => {
  const redact = createRedactor(TOKEN);

  it("removes the token as is, inside Basic credentials, percent-encoded and in URLs", () => {
    const basic = basicAuthorization(TOKEN);
    expect(redact(`fatal: token ${TOKEN} refused`)).toBe(`fatal: token ${REDACTED} refused`);
    expect(redact(`header ${basic}`)).not.toContain(basic.slice(6));
    expect(redact(`q=${encodeURIComponent("t0k3n/with space")}`)).toBe("q=t0k3n%2Fwith%20space"); // another value: untouched
    expect(createRedactor("a b/c-long")(`x=${encodeURIComponent("a b/c-long")}`)).toBe(`x=${REDACTED}`);
    expect(redact("https://someone:hunter2@github.example.com/o/r.git")).toBe(
      `https://${REDACTED}@github.example.com/o/r.git`,
    );
  });

  it("removes GitHub-shaped tokens and Authorization values it was not told about", () => {
    const other = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
    expect(redact(`remote: ${other}`)).toBe(`remote: ${REDACTED}`);
    expect(redact("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz")).toBe(REDACTED);
    expect(redact("> Authorization: Basic eC1hY2Nlc3M6Zm9v")).toBe(`> Authorization: ${REDACTED}`);
    expect(redact("authorization: token abc123")).toBe(`authorization: ${REDACTED}`);
  });

  it("never lets the token through, wherever it sits in the text", () => {
    fc.assert(
      // A token made of asterisks could re-form around the replacement itself; real tokens have none.
      fc.property(
        fc.string(),
        fc.string(),
        // Tokens are trimmed before use, and nothing shorter than 8 characters is treated as one.
        fc.string({ minLength: 8 }).filter((t) => !t.includes("*") && t.trim().length >= 8),
        (before, after, token) => {
          expect(createRedactor(token)(`${before}${token}${after}`)).not.toContain(token);
        },
      ),
    );
  });

  it("never replaces short strings: a one-letter token leaves messages readable", () => {
    expect(createRedactor("a")("git push of a branch failed")).toBe("git push of a branch failed");
    expect(createRedactor(" t0k3n-5ecret\r")("x t0k3n-5ecret y")).toBe(`x ${REDACTED} y`);
  });

  it("leaves text without secrets alone", () => {
    const text = "git push of mcp-gitops/everything failed: ! [rejected] (fetch first)";
    expect(redact(text)).toBe(text);
    expect(createRedactor(undefined)(text)).toBe(text);
  });
});

describe("git environment", () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  const cloneUrl = "https://ghe.example.com/acme/fleet.git";

  beforeAll(async () => {
    dir = await tempDir("mcp-gitops-git-env-");
    await promisify(execFile)("git", ["init", "--quiet", dir.path]);
  });
  afterAll(() => dir.cleanup());

  it("keeps the header out of the environment: a private config file git includes, hooks off, ambient GIT_* and token variables dropped", async () => {
    const env = gitEnvironment({
      env: {
        PATH: "/bin",
        GIT_DIR: "/elsewhere",
        GIT_CONFIG_GLOBAL: "/x",
        EDITOR: "vim",
        GITHUB_TOKEN: TOKEN,
        GIT_SSL_CAINFO: "/ca.pem",
      },
      cloneUrl,
      token: TOKEN,
      identity: { author: { name: "A", email: "a@example.com" }, committer: { name: "C", email: "c@example.com" } },
    });
    const config = env.GIT_CONFIG_VALUE_1!;
    const hooks = env.GIT_CONFIG_VALUE_2!;
    expect(env).toEqual({
      PATH: "/bin",
      GIT_SSL_CAINFO: "/ca.pem",
      GIT_TERMINAL_PROMPT: "0",
      GIT_CONFIG_COUNT: "5",
      GIT_CONFIG_KEY_0: "credential.helper",
      GIT_CONFIG_VALUE_0: "",
      GIT_CONFIG_KEY_1: "include.path",
      GIT_CONFIG_VALUE_1: config,
      GIT_CONFIG_KEY_2: "core.hooksPath",
      GIT_CONFIG_VALUE_2: hooks,
      GIT_CONFIG_KEY_3: "http.lowSpeedLimit",
      GIT_CONFIG_VALUE_3: "1",
      GIT_CONFIG_KEY_4: "http.lowSpeedTime",
      GIT_CONFIG_VALUE_4: "60",
      GIT_AUTHOR_NAME: "A",
      GIT_AUTHOR_EMAIL: "a@example.com",
      GIT_COMMITTER_NAME: "C",
      GIT_COMMITTER_EMAIL: "c@example.com",
    });
    expect(JSON.stringify(env)).not.toContain(TOKEN);
    expect(JSON.stringify(env)).not.toContain(basicAuthorization(TOKEN).slice(6));
    expect((await stat(config)).mode & 0o777).toBe(0o600);
    expect((await stat(join(config, ".."))).mode & 0o777).toBe(0o700);
    expect(await readdir(hooks)).toEqual([]);
    releaseGitAuth();
    await expect(stat(config)).rejects.toThrow();
  });

  it("reaches real git through simple-git's environment guard, and never the repository's config", async () => {
    const env = gitEnvironment({ env: { PATH: process.env.PATH, HOME: dir.path }, cloneUrl, token: TOKEN });
    const git = await openGit(dir.path, env);
    const headers = await git.raw([
      "config",
      "--get-urlmatch",
      "http.extraHeader",
      "https://ghe.example.com/acme/fleet.git/info/refs",
    ]);
    expect(headers.trim()).toBe(`Authorization: ${basicAuthorization(TOKEN)}`);
    expect(await readFile(join(dir.path, ".git/config"), "utf8")).not.toContain(basicAuthorization(TOKEN).slice(6));
  });

  it("compares remotes by host and path, whatever the URL form", () => {
    expect(repositoryKey("git@github.com:Acme/Fleet.git")).toBe("github.com/acme/fleet");
    expect(repositoryKey("https://github.com/acme/fleet")).toBe("github.com/acme/fleet");
    expect(repositoryKey("https://user@github.com/acme/fleet.git/")).toBe("github.com/acme/fleet");
    expect(repositoryKey("http://127.0.0.1:8080/git/octo/fleet.git")).toBe("127.0.0.1:8080/git/octo/fleet");
  });
});

describe("delivery options", () => {
  const env = { GH_TOKEN: TOKEN };

  it("resolves defaults: the public API, GH_TOKEN, private repositories, reviewers split into users and teams", () => {
    const resolved = resolveDeliveryOptions({
      repo: "acme/fleet.git",
      reviewers: ["alice, acme/platform"],
      labels: ["gitops", "gitops"],
      env,
    });
    expect(resolved).toMatchObject({
      owner: "acme",
      name: "fleet",
      apiUrl: "https://api.github.com",
      token: TOKEN,
      private: true,
      pullRequest: true,
    });
    expect(resolved.reviewers).toEqual(["alice"]);
    expect(resolved.teamReviewers).toEqual(["platform"]);
    expect(resolved.labels).toEqual(["gitops"]);
    expect(
      resolveDeliveryOptions({ repo: "acme/fleet", env: { ...env, GITHUB_API_URL: "https://ghe.example.com/api/v3/" } })
        .apiUrl,
    ).toBe("https://ghe.example.com/api/v3");
  });

  it("refuses bad input with the flag's name, before anything runs", () => {
    expect(() => resolveDeliveryOptions({ repo: "acme", env })).toThrow(/--repo: 'acme' must be owner\/name/);
    expect(() => resolveDeliveryOptions({ repo: "acme/fleet", env: {} })).toThrow(/set GITHUB_TOKEN \(or GH_TOKEN\)/);
    expect(() => resolveDeliveryOptions({ repo: "acme/fleet", apiUrl: "https://u:p@ghe.example.com", env })).toThrow(
      /must not contain credentials/,
    );
    expect(() => resolveDeliveryOptions({ repo: "acme/fleet", branch: "bad..name", env })).toThrow(
      /--branch: 'bad\.\.name'/,
    );
    expect(() => resolveDeliveryOptions({ repo: "acme/fleet", reviewers: ["a,,b"], env })).toThrow(
      /--reviewers: empty item/,
    );
    expect(() => resolveDeliveryOptions({ repo: "acme/fleet", branch: "main", base: "main", env })).toThrow(
      /--branch: 'main' is the base branch the pull request targets/,
    );
    expect(() => resolveDeliveryOptions({ repo: "acme/fleet", branch: "HEAD", env })).toThrow(/--branch: 'HEAD'/);
    expect(() => resolveDeliveryOptions({ repo: "acme/fleet", env: { GITHUB_TOKEN: "a" } })).toThrow(
      /GITHUB_TOKEN: is not a GitHub token: it is only 1 character long/,
    );
    expect(() => resolveDeliveryOptions({ repo: "acme/fleet", env: { GITHUB_TOKEN: `${TOKEN} ${TOKEN}` } })).toThrow(
      /GITHUB_TOKEN: is not a GitHub token: it holds spaces/,
    );
    // A trailing CR (a token pasted from a Windows file) is trimmed, not blamed on permissions later.
    expect(resolveDeliveryOptions({ repo: "acme/fleet", env: { GITHUB_TOKEN: `${TOKEN}\r\n` } }).token).toBe(TOKEN);
    expect(() => parseIdentity("Jane")).toThrow(/--author/);
    expect(parseIdentity(" Jane Doe <jane@example.com> ")).toEqual({ name: "Jane Doe", email: "jane@example.com" });
  });

  it("derives a stable branch from the server names", () => {
    expect(defaultBranch(["weather"])).toBe("mcp-gitops/weather");
    expect(defaultBranch(["tickets", "weather", "tickets"])).toBe("mcp-gitops/tickets-weather");
    const many = Array.from({ length: 12 }, (_, i) => `server-${i}`);
    expect(defaultBranch(many)).toMatch(/^mcp-gitops\/12-servers-[0-9a-f]{10}$/);
    expect(defaultBranch([...many].reverse())).toBe(defaultBranch(many));
  });
});
