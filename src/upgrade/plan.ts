/**
 * The upgrade plan, file by file, from three trees: base (the recorded blueprint version rendered with the recorded
 * answers), theirs (the new version with the migrated answers) and ours (what is on disk now). Pure: no disk, no
 * git — merges are only marked here and carried out by merge.ts.
 */
import type { Tree } from "../tree/tree.js";

export type UpgradeAction =
  /** Nothing to do: the file already is what it should be, or only the user changed it. */
  | "keep"
  /** The user did not touch it; the blueprint changed it. */
  | "take-theirs"
  /** Both changed it: three-way merge (becomes "merged-with-conflicts" when the merge leaves markers). */
  | "merge"
  | "merged-with-conflicts"
  /** New in the blueprint, absent on disk. */
  | "add"
  /** New in the blueprint, but the user already has a different file there: conflict, never overwritten. */
  | "add-conflict"
  /** Removed from the blueprint and unmodified on disk. */
  | "delete"
  /** Removed from the blueprint but modified by the user: kept, and reported. */
  | "keep-modified-removed"
  /** The user deleted it: it stays deleted, whatever the blueprint did to it. */
  | "stays-deleted";

export interface PlannedFile {
  path: string;
  action: UpgradeAction;
  base?: string;
  theirs?: string;
  ours?: string;
}

/** Anything that maps paths to contents: a Tree, or a Map read from disk. */
export type FileSource = Tree | ReadonlyMap<string, string>;

function lookup(files: FileSource, path: string): string | undefined {
  return files instanceof Map ? files.get(path) : (files as Tree).read(path);
}

function pathsOf(files: FileSource): Iterable<string> {
  return files instanceof Map ? files.keys() : (files as Tree).paths();
}

/** Every path that base or theirs knows, in a stable order. Paths only the user has are not the upgrade's business. */
export function planUpgrade(base: FileSource, theirs: FileSource, ours: FileSource): PlannedFile[] {
  const paths = [...new Set([...pathsOf(base), ...pathsOf(theirs)])].sort();
  return paths.map((path) => {
    const contents = { base: lookup(base, path), theirs: lookup(theirs, path), ours: lookup(ours, path) };
    return { path, action: decide(contents), ...defined(contents) };
  });
}

function decide({ base, theirs, ours }: { base?: string; theirs?: string; ours?: string }): UpgradeAction {
  if (base === undefined) {
    if (ours === undefined) return "add";
    return ours === theirs ? "keep" : "add-conflict";
  }
  if (theirs === undefined) {
    if (ours === undefined) return "stays-deleted";
    return ours === base ? "delete" : "keep-modified-removed";
  }
  if (ours === undefined) return "stays-deleted";
  if (ours === theirs || theirs === base) return "keep";
  if (ours === base) return "take-theirs";
  return "merge";
}

function defined(contents: { base?: string; theirs?: string; ours?: string }): Partial<PlannedFile> {
  return Object.fromEntries(Object.entries(contents).filter(([, value]) => value !== undefined));
}

/** Actions that write a file, and the one that removes one; everything else leaves the disk alone. */
export const WRITES: ReadonlySet<UpgradeAction> = new Set([
  "take-theirs",
  "merge",
  "merged-with-conflicts",
  "add",
  "add-conflict",
]);
export const CONFLICTS: ReadonlySet<UpgradeAction> = new Set(["merged-with-conflicts", "add-conflict"]);
