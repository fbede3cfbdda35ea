/**
 * What is on disk where a tree is about to be written, and what writing it would change. Symbolic links are
 * refused anywhere inside the target — the target itself, a folder on the way, or the file — because writing
 * through one would change files outside the target.
 */
import { lstatSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError } from "../errors.js";
import { WriteFailed } from "./write-errors.js";
import type { Change } from "./changes.js";
import { entryBytes, type Tree, type TreeEntry } from "./tree.js";

export type PathKind = "missing" | "file" | "dir" | "other";

/**
 * The kind of entry at `path`; a symbolic link is a UsageError labelled with `label`. Synchronous inside: plans and
 * upgrades look at thousands of paths, one at a time, and a thread-pool trip per lstat costs more than the call.
 */
export async function inspectPath(path: string, label: string): Promise<PathKind> {
  return inspectPathSync(path, label);
}

export function inspectPathSync(path: string, label: string): PathKind {
  let info: import("node:fs").Stats;
  try {
    info = lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return "missing";
    if (code === "ENOTDIR") return "other";
    throw new UsageError(`${label} ${path}: cannot be read (${code})`);
  }
  if (info.isSymbolicLink())
    throw new UsageError(`${label} ${path}: is a symbolic link; refusing to write through it (give the real folder)`);
  return info.isDirectory() ? "dir" : info.isFile() ? "file" : "other";
}

export interface PlanOptions {
  /** Paths to delete from the target (files the tree no longer has); those already gone are left out. */
  delete?: string[];
}

/** What writing the tree would do, file by file, comparing with what is on disk. */
export async function planChanges(tree: Tree, target: string, options: PlanOptions = {}): Promise<Change[]> {
  const folders = new FolderCheck(target);
  const changes: Change[] = [];
  for (const path of tree.paths()) {
    // A file in a folder that does not exist yet cannot exist either: no need to look (a new fleet has thousands).
    const folder = await folders.check(dirname(path));
    const current = folder === "missing" ? undefined : await readIfFile(target, path);
    changes.push({
      path,
      kind: current === undefined ? "create" : isCurrent(tree.entry(path)!, current) ? "unchanged" : "update",
    });
  }
  for (const path of options.delete ?? []) {
    if (tree.has(path)) continue;
    await folders.check(dirname(path));
    if ((await readIfFile(target, path)) !== undefined) changes.push({ path, kind: "delete" });
  }
  return changes;
}

/** A regular file's bytes and mode, as read from disk. */
export interface OnDisk {
  bytes: Buffer;
  mode: number;
}

/** Reads a path known to be a regular file (inspectPathSync said so). */
export function readOnDisk(full: string): OnDisk {
  return { bytes: readFileSync(full), mode: statSync(full).mode & 0o7777 };
}

/** The same bytes, and the mode the entry asks for, if it asks for one. */
function isCurrent(entry: TreeEntry, current: OnDisk): boolean {
  if (entry.mode !== undefined && (current.mode & 0o777) !== entry.mode) return false;
  return current.bytes.equals(entryBytes(entry));
}

async function readIfFile(target: string, path: string): Promise<OnDisk | undefined> {
  const full = join(target, path);
  const kind = inspectPathSync(full, "[directory]");
  if (kind === "missing") return undefined;
  if (kind !== "file")
    throw new UsageError(`[directory] ${full}: exists and is not a file; the repository needs a file there`);
  return readOnDisk(full);
}

/** Checks each folder on the way to a file once: it must be a real folder (or missing), never a link or a file. */
class FolderCheck {
  private readonly seen = new Map<string, "missing" | "dir">();
  constructor(private readonly target: string) {}

  async check(dir: string): Promise<"missing" | "dir"> {
    if (dir === "") dir = ".";
    const known = this.seen.get(dir);
    if (known) return known;
    // The target itself was vetted by inspectTarget; here it only matters whether it exists yet.
    const parent = dir === "." ? "dir" : await this.check(dirname(dir));
    let kind: "missing" | "dir" = "missing";
    if (parent === "dir") {
      const found = await inspectPath(dir === "." ? this.target : join(this.target, dir), "[directory]");
      if (found === "file" || found === "other") {
        throw new UsageError(
          `[directory] ${join(this.target, dir)}: exists and is not a folder; the repository needs a folder there`,
        );
      }
      kind = found;
    }
    this.seen.set(dir, kind);
    return kind;
  }
}

/** The directory as typed: an empty string (an unset shell variable) or control characters are mistakes, not names. */
export function checkDirectoryArgument(directory: string): void {
  if (directory.trim() === "")
    throw new UsageError("[directory]: is empty; give the folder to create, e.g. create-mcp-gitops my-gitops --yes");
  if (/[\u0000-\u001f\u007f]/.test(directory)) {
    throw new UsageError(
      `[directory] ${JSON.stringify(directory)}: contains control characters (a pasted newline?); give a plain folder name`,
    );
  }
}

/**
 * Checked again at write time, for every file: the target and each folder on the way to it must still be real
 * folders (or not exist yet). A folder swapped for a symbolic link while the run was going would otherwise lead a
 * write to a file outside the target.
 */
export function checkFolderChain(target: string, relativeDir: string): void {
  const segments = relativeDir === "." || relativeDir === "" ? [] : relativeDir.split("/");
  let path = target;
  for (let index = 0; index <= segments.length; index++) {
    if (index > 0) path = join(path, segments[index - 1]!);
    let info: import("node:fs").Stats;
    try {
      info = lstatSync(path);
    } catch {
      return; // missing: created by the writer itself, below here nothing can be a link
    }
    if (info.isSymbolicLink() || !info.isDirectory()) {
      throw new WriteFailed(
        `${path}: became ${info.isSymbolicLink() ? "a symbolic link" : "something other than a folder"} while the run was writing; refusing to write through it. Nothing was changed; check what changed it and run the command again`,
      );
    }
  }
}
