/**
 * The unified diff a dry run prints: what the upgrade would change, file by file, as `git diff` shows it. The
 * before and after contents go into two temporary folders and one `git diff --no-index` compares them.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runGit } from "../git/run.js";
import { planChanges } from "../tree/flush.js";
import { type FileContent, sameContent, type Tree } from "../tree/tree.js";

export interface FileChange {
  path: string;
  /** Content before; undefined when the file is created. */
  before?: FileContent;
  /** Content after; undefined when the file is deleted. */
  after?: FileContent;
}

export async function unifiedDiff(changes: FileChange[]): Promise<string> {
  const changed = changes.filter((change) => !sameContent(change.before, change.after));
  if (changed.length === 0) return "";
  const root = await mkdtemp(join(tmpdir(), "mcp-gitops-diff-"));
  try {
    await Promise.all(
      changed.flatMap((change) => [
        put(root, "a", change.path, change.before),
        put(root, "b", change.path, change.after),
      ]),
    );
    await Promise.all([mkdir(join(root, "a"), { recursive: true }), mkdir(join(root, "b"), { recursive: true })]);
    const output = await gitDiff(root);
    // --no-index names the folders it compared; the reader wants repository paths (a/apps/..., b/apps/...).
    return output
      .replace(/^(diff --git a\/|--- a\/|\+\+\+ b\/)(?:a|b)\//gm, "$1")
      .replace(/^(diff --git a\/\S+ b\/)b\//gm, "$1");
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function put(root: string, side: "a" | "b", path: string, content: FileContent | undefined): Promise<void> {
  if (content === undefined) return;
  const full = join(root, side, path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, content);
}

async function gitDiff(cwd: string): Promise<string> {
  const args = [
    "-c",
    "core.quotePath=false",
    "diff",
    "--no-index",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "a",
    "b",
  ];
  const run = await runGit(args, { cwd });
  // Exit 1 means "there are differences", which is the point.
  if (run.code !== 0 && run.code !== 1) throw new Error(`git diff failed: ${run.stderr.trim()}`);
  return run.stdout;
}

/** What writing `tree` would change in the files already in `directory` (new files are not shown: they are listed). */
export async function diffWithDisk(tree: Tree, directory: string): Promise<string> {
  const changes = (await planChanges(tree, directory)).filter((change) => change.kind === "update");
  return unifiedDiff(
    await Promise.all(
      changes.map(async ({ path }) => ({
        path,
        before: await readFile(join(directory, path)),
        after: tree.read(path),
      })),
    ),
  );
}
