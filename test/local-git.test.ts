/**
 * Git without GitHub: `--git` makes the first commit on the answered branch (as --author or git's configured
 * identity, else a clear exit 2 with nothing written); the end block prints only the git commands still to do; a
 * folder holding only `.git` counts as empty; at a terminal a non-empty folder offers cancel / write beside / diff.
 */
import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nextCommands } from "../src/cli/end-block.js";
import { create } from "../src/create.js";
import { UserCancelled } from "../src/errors.js";
import { runMain, tempDir } from "./support/cli.js";
import { ScriptedPrompter } from "./support/scripted-prompter.js";

const ADA = {
  GIT_AUTHOR_NAME: "Ada",
  GIT_AUTHOR_EMAIL: "ada@example.com",
  GIT_COMMITTER_NAME: "Ada",
  GIT_COMMITTER_EMAIL: "ada@example.com",
};

let dir: { path: string; cleanup: () => Promise<void> };
let nobody: NodeJS.ProcessEnv;
beforeEach(async () => {
  dir = await tempDir("mcp-gitops-git-");
  // A machine where git knows nobody: no global or system config, no identity variables.
  await writeFile(join(dir.path, "empty.gitconfig"), "");
  nobody = {
    GIT_CONFIG_GLOBAL: join(dir.path, "empty.gitconfig"),
    GIT_CONFIG_NOSYSTEM: "1",
    ...Object.fromEntries(Object.keys(ADA).map((name) => [name, ""])),
    EMAIL: "",
  };
});
afterEach(() => dir.cleanup());

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...ADA } }).trim();

describe("--git", () => {
  it("initialises the repository on the answered branch and commits every file as git's configured identity", async () => {
    const target = join(dir.path, "demo");
    const result = await runMain(["demo", "--yes", "--git", "--set", "repository.baseBranch=trunk", "--json"], {
      cwd: dir.path,
      env: ADA,
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.git).toEqual({ branch: "trunk", commit: git(target, "rev-parse", "HEAD") });
    expect(git(target, "symbolic-ref", "--short", "HEAD")).toBe("trunk");
    expect(git(target, "log", "--format=%an <%ae>|%s")).toMatch(/^Ada <ada@example\.com>\|Add GitOps for MCP server/);
    expect(git(target, "status", "--porcelain")).toBe("");
    expect(git(target, "ls-files").split("\n").length).toBe(report.files.length);
  });

  it("--author names who commits when git knows nobody", async () => {
    const result = await runMain(["demo", "--yes", "--git", "--author", "Grace <grace@example.com>"], {
      cwd: dir.path,
      env: nobody,
    });
    expect(result.stderr).toBe("");
    expect(git(join(dir.path, "demo"), "log", "--format=%an <%ae>|%cn")).toBe("Grace <grace@example.com>|Grace");
  });

  it("without any identity: exit 2 naming --author, and nothing written", async () => {
    const result = await runMain(["demo", "--yes", "--git"], { cwd: dir.path, env: nobody });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --git: no git identity is configured; pass --author "Name <email>"/);
    expect(await readdir(dir.path)).toEqual(["empty.gitconfig"]);
  });

  it("the end block then asks only for the remote and the push (and no cd for the current folder)", async () => {
    const target = join(dir.path, "here");
    await mkdir(target);
    const result = await runMain([".", "--yes", "--git", "--repository", "acme/fleet"], { cwd: target, env: ADA });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "git remote add origin https://github.com/acme/fleet.git && git push -u origin main",
    );
    expect(result.stdout).not.toMatch(/git init|git commit|cd \./);
  });

  it("--author alone (no --repo, no --git) is still refused", async () => {
    const result = await runMain(["demo", "--yes", "--author", "Grace <grace@example.com>"], { cwd: dir.path });
    expect(result.stderr).toBe("error: --author: only applies with --repo <owner/name>\n");
  });
});

describe("a folder that already is a git repository", () => {
  it("holding only .git counts as empty, and --git makes its first commit on the answered branch", async () => {
    const target = join(dir.path, "clone");
    await mkdir(target);
    git(target, "init", "--quiet");
    const result = await runMain(["clone", "--yes", "--git"], { cwd: dir.path, env: ADA });
    expect(result.stderr).toBe("");
    expect(git(target, "symbolic-ref", "--short", "HEAD")).toBe("main");
    expect(git(target, "rev-list", "--count", "HEAD")).toBe("1");
  });

  it("without --git: no git init in an existing repository, only this folder's files to add and commit", async () => {
    git(dir.path, "init", "--quiet");
    git(dir.path, "commit", "--quiet", "--allow-empty", "-m", "start");
    const result = await runMain(["sub", "--yes"], { cwd: dir.path });
    expect(result.code).toBe(0);
    const commands = result.stdout.slice(result.stdout.indexOf("Next"));
    expect(commands).toContain('git add . && git commit -m "Add MCP servers GitOps repository"');
    expect(commands).not.toContain("git init");
  });

  it("--git inside a repository with history commits nothing there, and says so", async () => {
    git(dir.path, "init", "--quiet");
    git(dir.path, "commit", "--quiet", "--allow-empty", "-m", "start");
    const result = await runMain(["sub", "--yes", "--git", "--json"], { cwd: dir.path, env: ADA });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).warnings).toContainEqual(
      expect.stringMatching(/^--git: .*sub is inside the git repository .*; nothing was committed there/),
    );
    expect(git(dir.path, "rev-list", "--count", "HEAD")).toBe("1");
  });

  it("nextCommands, from each starting point", async () => {
    const { answers, engine } = (await create({ directory: join(dir.path, "d"), yes: true, dryRun: true })) as any;
    const base = { directoryLabel: "d", dryRun: false, answers, engine: { ...engine, bootstrap: [] }, written: 1 };
    const push = "git remote add origin https://github.com/my-org/d.git && git push -u origin main";
    expect(nextCommands(base)).toEqual([
      "cd d",
      'git init -b main && git add -A && git commit -m "Add MCP servers GitOps repository"',
      push,
    ]);
    expect(nextCommands({ ...base, committed: true })).toEqual(["cd d", push]);
    expect(nextCommands({ ...base, repository: { kind: "unborn", origin: false } })).toEqual([
      "cd d",
      'git checkout -b main && git add . && git commit -m "Add MCP servers GitOps repository"',
      push,
    ]);
    expect(nextCommands({ ...base, directoryLabel: ".", repository: { kind: "committed", origin: true } })).toEqual([
      'git add . && git commit -m "Add MCP servers GitOps repository"',
      "git push",
    ]);
  });
});

describe("a non-empty folder at a terminal", () => {
  /** A folder of the person's own, with a README.md the blueprint also generates. */
  async function withFiles() {
    const target = join(dir.path, "existing");
    await mkdir(target);
    await writeFile(join(target, "notes.md"), "mine\n");
    await writeFile(join(target, "README.md"), "# my own readme\n");
    return target;
  }

  it("cancel leaves the folder as it was", async () => {
    const target = await withFiles();
    const prompter = new ScriptedPrompter([["is not empty. What now?", "cancel"]]);
    const nonEmpty = async (label: string) =>
      (await import("../src/prompts/ask-delivery.js")).askNonEmpty(prompter, label);
    await expect(create({ directory: target, yes: true, nonEmpty })).rejects.toBeInstanceOf(UserCancelled);
    expect(await readFile(join(target, "README.md"), "utf8")).toBe("# my own readme\n");
  });

  it("show the diff first: the confirm step gets the unified diff of the files that would change", async () => {
    const target = await withFiles();
    const prompter = new ScriptedPrompter([["is not empty. What now?", "diff"]]);
    const nonEmpty = async (label: string) =>
      (await import("../src/prompts/ask-delivery.js")).askNonEmpty(prompter, label);
    let diff = "";
    const confirm = async (plan: { diff?: () => Promise<string> }) => {
      diff = (await plan.diff?.()) ?? "";
      return false;
    };
    await expect(create({ directory: target, yes: true, nonEmpty, confirm })).rejects.toBeInstanceOf(UserCancelled);
    expect(diff).toMatch(/^diff --git a\/README\.md b\/README\.md$/m);
    expect(diff).toMatch(/^-# my own readme$/m);
    expect(diff).not.toContain("notes.md");
  });

  it("write beside your files: generated files are written, yours kept", async () => {
    const target = await withFiles();
    const prompter = new ScriptedPrompter([["is not empty. What now?", "write"]]);
    const nonEmpty = async (label: string) =>
      (await import("../src/prompts/ask-delivery.js")).askNonEmpty(prompter, label);
    await create({ directory: target, yes: true, nonEmpty });
    expect(await readFile(join(target, "notes.md"), "utf8")).toBe("mine\n");
    expect(await readFile(join(target, "README.md"), "utf8")).not.toBe("# my own readme\n");
  });

  it("without a terminal a non-empty folder is refused with what --force does", async () => {
    await writeFile(join(dir.path, "x.txt"), "x");
    const result = await runMain([".", "--yes"], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /Pass --force to write beside your files \(the files the blueprint generates are overwritten/,
    );
  });
});
