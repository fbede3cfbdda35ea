/**
 * Upgrade in every corner (issue "never loses an edit"), on real git repositories: a renamed file takes the user's
 * edit along (declared in blueprint.yaml, or found by similarity), CRLF working copies merge as text, files that
 * become folders (and back) are replaced when untouched and reported when edited, a folder the user deleted stays
 * deleted, conflicts are unmerged in git's index and never "up to date" while markers are left, resolutions are
 * parsed, and the messages say the exact command or the way forward.
 */
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain, tempDir } from "./support/cli.js";
import { snapshotTree } from "./support/files.js";
import { commitAll, git } from "./support/upgrade-repos.js";

const FIXTURES = resolve(import.meta.dirname, "fixtures/blueprints");
const SERVER = ["--yes", "--name", "demo", "--image", "ghcr.io/acme/demo:1.0.0"];
const read = (dir: string, path: string) => readFile(join(dir, path), "utf8");
const exists = (dir: string, path: string) =>
  readFile(join(dir, path)).then(
    () => true,
    () => false,
  );

/** A blueprint folder: blueprint.yaml plus files/common/<path> for each entry. */
async function blueprint(root: string, version: string, files: Record<string, string>, extra = ""): Promise<string> {
  const dir = join(root, `corner-${version}${extra ? "-declared" : ""}`);
  await writeFile(join(await mkdirp(dir), "blueprint.yaml"), `name: corner\nversion: ${version}\n${extra}`);
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, "files/common", path);
    await mkdirp(dirname(full));
    await writeFile(full, content);
  }
  return dir;
}

async function mkdirp(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}

const APP_LINES = Array.from({ length: 45 }, (_, i) => `key${i}: value${i}`);
const V1_FILES = {
  "apps/__server__/values.yaml.ejs": "image: <%= server.image %>\nreplicas: 1\ncpu: 100m\nmemory: 128Mi\n",
  "apps/__server__/kustomization.yaml": "values: values.yaml\n",
  "config/app.yaml": `${APP_LINES.join("\n")}\n`,
  "config/settings": "a: 1\n",
  "config/bundle/part.yaml": "b: 1\n",
  "config/extra/one.yaml": "one: 1\n",
  "config/extra/two.yaml": "two: 2\n",
};
const V2_FILES = {
  "apps/__server__/server-values.yaml.ejs": "image: <%= server.image %>\nreplicas: 1\ncpu: 250m\nmemory: 128Mi\n",
  "apps/__server__/kustomization.yaml": "values: server-values.yaml\n",
  "config/app.yaml": `${APP_LINES.map((line, i) => (i === 3 ? "key3: changed" : i === 40 ? "key40: changed" : line)).join("\n")}\n`,
  "config/settings/main.yaml": "a: 2\n",
  "config/bundle": "b: 2\n",
  "config/extra/one.yaml": "one: 1\n",
  "config/extra/two.yaml": "two: 2\n",
  "config/extra/three.yaml": "three: 3\n",
};
const RENAMES = 'renames:\n  "apps/__server__/values.yaml": "apps/__server__/server-values.yaml"\n';

describe("upgrade in every corner (real git)", () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let v1: string;
  let declared: string;
  let detected: string;

  /** A repository generated with v1 and committed, then edited by `edit` and committed again. */
  async function generated(name: string, edit: (repo: string) => Promise<void>): Promise<string> {
    const created = await runMain([name, ...SERVER, "--blueprint", v1], { cwd: tmp.path });
    expect(created.code, created.stderr).toBe(0);
    const repo = join(tmp.path, name);
    await commitAll(repo, "Generated");
    await edit(repo);
    await commitAll(repo, "Edited");
    return repo;
  }

  beforeAll(async () => {
    tmp = await tempDir();
    v1 = await blueprint(tmp.path, "1.0.0", V1_FILES);
    declared = await blueprint(tmp.path, "2.0.0", V2_FILES, RENAMES);
    detected = await blueprint(tmp.path, "2.0.0", V2_FILES);
  });
  afterAll(() => tmp.cleanup());

  it("carries an edit across a declared rename, merges CRLF files as text, replaces untouched files and folders, keeps a deleted folder deleted", async () => {
    const repo = await generated("clean", async (dir) => {
      // A production hotfix pinned in the file the blueprint is about to rename.
      await writeFile(
        join(dir, "apps/demo/values.yaml"),
        (await read(dir, "apps/demo/values.yaml")).replace("demo:1.0.0", "demo:1.0.1-hotfix"),
      );
      // Saved on Windows: CRLF in the work tree, LF in git (the repository normalises), one line edited.
      await writeFile(join(dir, ".gitattributes"), "* text=auto\n");
      const app = (await read(dir, "config/app.yaml")).replace("key20: value20", "key20: mine");
      await writeFile(join(dir, "config/app.yaml"), app.replace(/\n/g, "\r\n"));
      await rm(join(dir, "config/extra"), { recursive: true });
    });
    expect(await git(repo, "status", "--porcelain")).toBe("");
    const run = await runMain(["upgrade", "--blueprint", declared, "--json"], { cwd: repo });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    const actions = Object.fromEntries(report.files.map((file: any) => [file.path, file.action]));
    expect(actions).toMatchObject({
      "apps/demo/server-values.yaml": "merge",
      "apps/demo/values.yaml": "renamed",
      "config/app.yaml": "merge",
      "config/settings": "delete",
      "config/settings/main.yaml": "add",
      "config/bundle/part.yaml": "delete",
      "config/bundle": "add",
      "config/extra/three.yaml": "stays-deleted",
    });
    expect(report.files.find((file: any) => file.path === "apps/demo/server-values.yaml").renamedFrom).toBe(
      "apps/demo/values.yaml",
    );
    expect(await read(repo, "apps/demo/server-values.yaml")).toBe(
      "image: ghcr.io/acme/demo:1.0.1-hotfix\nreplicas: 1\ncpu: 250m\nmemory: 128Mi\n",
    );
    expect(await exists(repo, "apps/demo/values.yaml")).toBe(false);
    const app = await read(repo, "config/app.yaml");
    expect(app).toContain("key3: changed\r\n");
    expect(app).toContain("key20: mine\r\n");
    expect(app).toContain("key40: changed\r\n");
    expect(app.replace(/\r\n/g, "")).not.toContain("\n");
    expect(app).not.toContain("<<<<<<<");
    expect(await read(repo, "config/settings/main.yaml")).toBe("a: 2\n");
    expect(await read(repo, "config/bundle")).toBe("b: 2\n");
    expect(await exists(repo, "config/extra/three.yaml")).toBe(false);
    await commitAll(repo, "Upgraded");
    const again = await runMain(["upgrade", "--blueprint", declared], { cwd: repo });
    expect(again.stdout).toMatch(/^Up to date: corner 2\.0\.0/);
  });

  it("finds an undeclared rename by similarity", async () => {
    const repo = await generated("similar", async (dir) => {
      await writeFile(
        join(dir, "apps/demo/values.yaml"),
        (await read(dir, "apps/demo/values.yaml")).replace("demo:1.0.0", "demo:1.0.1-hotfix"),
      );
    });
    const run = await runMain(["upgrade", "--blueprint", detected], { cwd: repo });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/RENAMED +apps\/demo\/values\.yaml +\(moved to apps\/demo\/server-values\.yaml/);
    expect(await read(repo, "apps/demo/server-values.yaml")).toContain("demo:1.0.1-hotfix");
    expect(await exists(repo, "apps/demo/values.yaml")).toBe(false);
  });

  it("reports what cannot be carried over as conflicts (exit 1), never a silent KEPT, and touches none of the user's files", async () => {
    const repo = await generated("clash", async (dir) => {
      await writeFile(
        join(dir, "apps/demo/values.yaml"),
        (await read(dir, "apps/demo/values.yaml")).replace("100m", "300m"),
      );
      await writeFile(join(dir, "config/settings"), "a: mine\n");
      await writeFile(join(dir, "config/bundle/part.yaml"), "b: mine\n");
    });
    const run = await runMain(["upgrade", "--blueprint", declared, "--json"], { cwd: repo });
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.conflicts).toEqual(["apps/demo/server-values.yaml", "config/bundle", "config/settings/main.yaml"]);
    expect(await read(repo, "apps/demo/server-values.yaml")).toMatch(
      /<<<<<<< yours\ncpu: 300m\n=======\ncpu: 250m\n>>>>>>> corner 2\.0\.0/,
    );
    // The old path stays until the new one is resolved; the blocked files' reasons name what is in the way.
    expect(await read(repo, "apps/demo/values.yaml")).toContain("cpu: 300m");
    expect(await read(repo, "config/settings")).toBe("a: mine\n");
    expect(await read(repo, "config/bundle/part.yaml")).toBe("b: mine\n");
    const blocked = report.files.filter((file: any) => file.action === "blocked");
    expect(blocked.map((file: any) => file.reason).join("\n")).toMatch(/your file config\/settings is in the way/);
    expect(blocked.map((file: any) => file.reason).join("\n")).toMatch(
      /your folder config\/bundle\/ holds config\/bundle\/part\.yaml/,
    );
  });

  it("--check prints the exact command, --blueprint included", async () => {
    const repo = await generated("checked", async () => undefined);
    const run = await runMain(["upgrade", "checked", "--check", "--blueprint", declared], { cwd: tmp.path });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Run: create-mcp-gitops upgrade checked --blueprint ${declared}`);
    expect(await git(repo, "status", "--porcelain")).toBe("");
  });

  it("explains the ways forward when the blueprint folder was updated in place", async () => {
    const folder = join(tmp.path, "in-place");
    await cp(v1, folder, { recursive: true });
    const created = await runMain(["inplace", ...SERVER, "--blueprint", folder], { cwd: tmp.path });
    expect(created.code, created.stderr).toBe(0);
    await commitAll(join(tmp.path, "inplace"), "Generated");
    await rm(folder, { recursive: true });
    await cp(declared, folder, { recursive: true });
    const run = await runMain(["upgrade", "inplace"], { cwd: tmp.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/now holds corner 2\.0\.0 \(was the folder updated in place\?\)/);
    expect(run.stderr).toMatch(/put 1\.0\.0 back at \.\.\/in-place .*--blueprint <git-url>#<ref>/);
  });
});

describe("conflicts are unmissable: unmerged in git's index, never up to date while markers or broken resolutions are left", () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let repo: string;
  const V1 = join(FIXTURES, "tiny-v1");
  const V2 = join(FIXTURES, "tiny-v2");

  beforeAll(async () => {
    tmp = await tempDir();
    repo = join(tmp.path, "app");
    expect((await runMain(["app", ...SERVER, "--blueprint", V1], { cwd: tmp.path })).code).toBe(0);
    await commitAll(repo, "Generated");
    await writeFile(join(repo, "config/conflict.yaml"), "timeout: 45s\nretries: 3\n");
    await writeFile(join(repo, "notes.md"), "# Notes\n");
    await commitAll(repo, "Edited");
  });
  afterAll(() => tmp.cleanup());

  it("records the conflict as unmerged (stages 1, 2, 3), so `git commit` refuses it until it is added", async () => {
    const run = await runMain(["upgrade", "--blueprint", V2], { cwd: repo });
    expect(run.code).toBe(1);
    expect(await git(repo, "status", "--porcelain")).toMatch(/^UU config\/conflict\.yaml$/m);
    const stages = await git(repo, "ls-files", "--stage", "--", "config/conflict.yaml");
    expect(
      stages
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(/\s+/)[2]),
    ).toEqual(["1", "2", "3"]);
    expect(await git(repo, "show", ":3:config/conflict.yaml")).toBe("timeout: 60s\nretries: 3\n");
    await expect(git(repo, "commit", "-m", "oops")).rejects.toThrow(/unmerged files/i);
  });

  it("never says up to date while committed markers are left; names resolutions that do not parse", async () => {
    // Committed anyway, as someone in a hurry would.
    await git(repo, "add", "-A");
    await git(repo, "commit", "-q", "-m", "Upgrade, conflicts and all");
    for (const args of [["upgrade", "--check"], ["upgrade"]]) {
      const run = await runMain(args, { cwd: repo });
      expect(run.code, args.join(" ")).toBe(1);
      expect(run.stdout + run.stderr).not.toMatch(/Up to date/);
      expect(run.stdout).toMatch(/config\/conflict\.yaml +\(still has <<<<<<< markers/);
    }
    await writeFile(join(repo, "config/conflict.yaml"), "timeout: 45s\nretries: 3\ntimeout: 60s\n");
    await commitAll(repo, "Resolved, badly");
    const broken = await runMain(["upgrade", "--check"], { cwd: repo });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/config\/conflict\.yaml +\(resolved, but not valid YAML: Map keys must be unique/);
    await writeFile(join(repo, "config/conflict.yaml"), "timeout: 45s\nretries: 3\n");
    await writeFile(join(repo, "config/user-created.yaml"), "owner: me\n");
    await commitAll(repo, "Resolved");
    const fine = await runMain(["upgrade", "--check"], { cwd: repo });
    expect(fine.code, fine.stdout).toBe(0);
    expect(fine.stdout).toMatch(/^Up to date: tiny 2\.0\.0/);
  });

  it("the generated CI fails on markers in any file, Markdown included", async () => {
    const script = await markerScript();
    await writeFile(join(repo, "notes.md"), "# Notes\n<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> tiny 2.0.0\n");
    await commitAll(repo, "Markers in Markdown");
    await expect(runBash(script, repo)).rejects.toThrow(/conflict markers are left/);
    await writeFile(join(repo, "notes.md"), "# Notes\n\nA heading\n=======\n");
    await commitAll(repo, "Resolved");
    await expect(runBash(script, repo)).resolves.toBeDefined();
  });
});

/** The generated validate workflow's marker step, as GitHub runs it (bash -e). */
async function markerScript(): Promise<string> {
  const tmp = await tempDir();
  try {
    expect((await runMain(["gen", "--yes"], { cwd: tmp.path })).code).toBe(0);
    const { parse } = await import("yaml");
    const workflow = parse(await read(join(tmp.path, "gen"), ".github/workflows/validate.yaml"));
    return workflow.jobs.markers.steps.at(-1).run;
  } finally {
    await tmp.cleanup();
  }
}

function runBash(script: string, cwd: string): Promise<string> {
  return import("node:child_process").then(
    ({ execFile }) =>
      new Promise((done, fail) =>
        execFile("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd }, (error, stdout) =>
          error ? fail(new Error(`${error.message}\n${stdout}`)) : done(stdout),
        ),
      ),
  );
}

describe("a hand-edited record and a directory that is not a clone", () => {
  it("refuses answers edited in .mcp-gitops.yaml (exit 2, nothing written) and asks for --repo instead of a missing record", async () => {
    const tmp = await tempDir();
    try {
      expect((await runMain(["fleet", "--yes"], { cwd: tmp.path })).code).toBe(0);
      const repo = join(tmp.path, "fleet");
      await commitAll(repo, "Generated");
      const record = await read(repo, ".mcp-gitops.yaml");
      await writeFile(join(repo, ".mcp-gitops.yaml"), record.replace("replicas: 2", "replicas: 4"));
      const before = await snapshotTree(repo);
      for (const args of [["upgrade"], ["upgrade", "--check"], ["add", "env", "--name", "qa"]]) {
        const run = await runMain(args, { cwd: repo });
        expect(run.code, args.join(" ")).toBe(2);
        expect(run.stderr).toMatch(/the answers were edited by hand .*create-mcp-gitops upgrade --set/);
      }
      expect(await snapshotTree(repo)).toEqual(before);
      const pr = await runMain(["upgrade", "not-yet", "--pr"], { cwd: tmp.path });
      expect(pr.code).toBe(2);
      expect(pr.stderr).toMatch(/--pr: not-yet is not a clone of the repository yet .*pass --repo <owner\/name>/);
    } finally {
      await tmp.cleanup();
    }
  });
});
