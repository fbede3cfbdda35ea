/**
 * Real git repositories for the upgrade tests: generated repositories committed to git, blueprints published in a
 * bare repository (cloned over file://), and a repository rendered from an archived bundled blueprint version.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { renderRepository } from "../../src/create.js";
import { flush, inspectTarget, planChanges } from "../../src/tree/flush.js";
import { BlueprintWorkspace, openBlueprint } from "../../src/blueprint/sources.js";

const GIT_ENV = {
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.test",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.test",
  GIT_CONFIG_NOSYSTEM: "1",
};

export function git(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args],
      { cwd, env: { ...process.env, ...GIT_ENV } },
      (error, stdout, stderr) => (error ? reject(new Error(`git ${args.join(" ")}: ${stderr}`)) : resolve(stdout)),
    );
  });
}

/** `git init` (if needed), add everything, commit. */
export async function commitAll(dir: string, message: string): Promise<void> {
  await git(dir, "init", "--quiet").catch(() => undefined);
  await git(dir, "add", "-A");
  await git(dir, "commit", "--quiet", "--allow-empty", "-m", message);
}

export async function readRecord(dir: string, file = ".mcp-gitops.yaml"): Promise<any> {
  return parse(await readFile(join(dir, file), "utf8"));
}

/** A bare repository to publish blueprint versions into, and `publish(folder, tag)` to commit one on main. */
export async function blueprintRepository(
  root: string,
): Promise<{ url: string; publish: (blueprint: string, tag: string) => Promise<string> }> {
  const bare = join(root, "blueprint.git");
  const work = join(root, "blueprint-work");
  await git(root, "init", "--quiet", "--bare", bare);
  await git(root, "clone", "--quiet", bare, work);
  return {
    url: `file://${bare}`,
    async publish(blueprint, tag) {
      // Each version replaces the whole tree, as a release of a real blueprint repository would.
      for (const entry of ["blueprint.yaml", "files", "lib"])
        await rm(join(work, entry), { recursive: true, force: true });
      await cp(blueprint, work, { recursive: true });
      await commitAll(work, `Release ${tag}`);
      await git(work, "tag", tag);
      await git(work, "push", "--quiet", "origin", "HEAD:refs/heads/main", `refs/tags/${tag}`);
      return (await git(work, "rev-parse", "HEAD")).trim();
    },
  };
}

/**
 * The repository an older release of the package would have generated: the archived bundled blueprint `version`
 * rendered with `answers`, written by the same writer `create` uses.
 */
export async function renderBundledRelease(version: string, answers: unknown, into: string): Promise<void> {
  const workspace = new BlueprintWorkspace();
  try {
    const blueprint = await openBlueprint({ kind: "bundled" }, { workspace, repository: into, version });
    const tree = await renderRepository(blueprint, answers as never);
    await mkdir(into, { recursive: true });
    const state = await inspectTarget(into);
    await flush(tree, into, await planChanges(tree, into), state);
  } finally {
    await workspace.dispose();
  }
}
