/**
 * Writes a Tree to disk without ever leaving a half-written target:
 * - a new (or empty) target is built in a sibling staging folder and renamed into place in one step;
 * - an existing target gets every file staged first, then moved in; identical files are left alone.
 * Files on disk that the tree does not mention are never touched.
 */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UsageError } from "../errors.js";
import type { Tree } from "./tree.js";

export type ChangeKind = "create" | "update" | "unchanged";

export interface Change {
  path: string;
  kind: ChangeKind;
}

export interface TargetState {
  exists: boolean;
  empty: boolean;
}

/** Refuses a target that is a file, a symlink (it would write elsewhere), or not a folder. */
export async function inspectTarget(target: string): Promise<TargetState> {
  let info;
  try {
    info = await lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { exists: false, empty: true };
    throw new UsageError(`[directory] ${target}: cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  if (info.isSymbolicLink()) throw new UsageError(`[directory] ${target}: is a symbolic link; give the real folder instead`);
  if (!info.isDirectory()) throw new UsageError(`[directory] ${target}: exists and is not a folder`);
  const entries = await readdir(target);
  return { exists: true, empty: entries.length === 0 };
}

/** What writing the tree would do, file by file, comparing with what is on disk. */
export async function planChanges(tree: Tree, target: string): Promise<Change[]> {
  const changes: Change[] = [];
  for (const [path, content] of tree.entries()) {
    const current = await readIfFile(join(target, path));
    changes.push({ path, kind: current === undefined ? "create" : current === content ? "unchanged" : "update" });
  }
  return changes;
}

async function readIfFile(path: string): Promise<string | undefined> {
  try {
    const info = await lstat(path);
    if (info.isSymbolicLink()) throw new UsageError(`${path}: is a symbolic link; refusing to write through it`);
    if (!info.isFile()) throw new UsageError(`${path}: exists and is not a file`);
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw error;
  }
}

export async function flush(tree: Tree, target: string, changes: Change[], state: TargetState): Promise<void> {
  const staging = join(dirname(target), `.${basename(target)}.mcp-gitops-${randomBytes(4).toString("hex")}`);
  const toWrite = changes.filter((change) => change.kind !== "unchanged");
  try {
    await writeFiles(tree, staging, toWrite.map((change) => change.path));
    if (!state.exists || state.empty) {
      // rename(2) replaces an empty directory atomically, so the target appears complete or not at all.
      await rename(staging, target);
      return;
    }
    for (const change of toWrite) {
      await mkdir(dirname(join(target, change.path)), { recursive: true });
      await rename(join(staging, change.path), join(target, change.path));
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function writeFiles(tree: Tree, root: string, paths: string[]): Promise<void> {
  await mkdir(root, { recursive: true });
  const dirs = new Set(paths.map((path) => dirname(join(root, path))));
  for (const dir of [...dirs].sort()) await mkdir(dir, { recursive: true });
  // Bounded batches: thousands of files for a fleet must not exhaust file descriptors.
  for (let start = 0; start < paths.length; start += 64) {
    await Promise.all(paths.slice(start, start + 64).map((path) => writeFile(join(root, path), tree.read(path)!)));
  }
}
