/**
 * The upgrade plan, file by file, from three trees: base (the recorded blueprint version rendered with the recorded
 * answers), theirs (the new version with the migrated answers) and ours (what is on disk now). Pure: no disk, no
 * git — merges are only marked here and carried out by merge.ts.
 *
 * A file is its bytes and whether it is executable (the one mode bit git tracks): a blueprint that makes a script
 * executable, or a user who did, is a change like any other, merged three ways.
 */
import type { FileContent, Tree } from "../tree/tree.js";
import { sameText } from "./line-endings.js";

export type UpgradeAction =
  /** Nothing to do: the file already is what it should be, or only the user changed it. */
  | "keep"
  /** The user did not touch it; the blueprint changed it. */
  | "take-theirs"
  /** Both changed it: three-way merge (becomes "merged-with-conflicts" when the merge leaves markers). */
  | "merge"
  | "merged-with-conflicts"
  /** Both changed a file that is not text: it cannot be merged line by line, so the user's stays, as a conflict. */
  | "binary-conflict"
  /** New in the blueprint, absent on disk. */
  | "add"
  /** New in the blueprint, but the user already has a different file there: conflict, never overwritten. */
  | "add-conflict"
  /** Removed from the blueprint and unmodified on disk. */
  | "delete"
  /** Removed from the blueprint but modified by the user: kept, and reported. */
  | "keep-modified-removed"
  /** The user deleted it (or the folder it is in): it stays deleted, whatever the blueprint did to it. */
  | "stays-deleted"
  /** The blueprint moved it elsewhere (`renamedTo`); the user's edits are merged into the new path, this one goes. */
  | "renamed"
  /** The blueprint needs a file where the user has a folder (or a file where it needs a folder): nothing written. */
  | "blocked";

/** One side's file: its content, and its mode when known (a tree entry or a file on disk). */
export interface FileSide {
  content: FileContent;
  mode?: number;
}

export interface PlannedFile {
  path: string;
  action: UpgradeAction;
  base?: FileContent;
  theirs?: FileContent;
  ours?: FileContent;
  /** Whether each side is executable. */
  executable: { base: boolean; theirs: boolean; ours: boolean };
  /** The user's file mode on disk, kept apart from the exec bit. */
  oursMode?: number;
  /** A blueprint rename: this new path merges the user's file at the old one (base and ours are the old path's). */
  renamedFrom?: string;
  /** A blueprint rename: the path this file moved to. */
  renamedTo?: string;
  /** Why a "blocked" file could not be written. */
  reason?: string;
}

/** Anything that maps paths to files: a Tree, or a Map read from disk (contents alone, or with their modes). */
export type FileSource = Tree | ReadonlyMap<string, FileContent | FileSide>;

function lookup(files: FileSource, path: string): FileSide | undefined {
  if (!(files instanceof Map)) return (files as Tree).entry(path);
  const found = files.get(path);
  return found === undefined || typeof found === "string" || found instanceof Uint8Array ? wrap(found) : found;
}

function wrap(content: FileContent | undefined): FileSide | undefined {
  return content === undefined ? undefined : { content };
}

function pathsOf(files: FileSource): Iterable<string> {
  return files instanceof Map ? files.keys() : (files as Tree).paths();
}

export function isExecutable(mode: number | undefined): boolean {
  return mode !== undefined && (mode & 0o111) !== 0;
}

/**
 * Every path that base or theirs knows, in a stable order. Paths only the user has are not the upgrade's business.
 * `renames` maps a new path to the path the blueprint moved it from (renames.ts): an edited file follows its move.
 */
export function planUpgrade(
  base: FileSource,
  theirs: FileSource,
  ours: FileSource,
  renames: ReadonlyMap<string, string> = new Map(),
): PlannedFile[] {
  const paths = [...new Set([...pathsOf(base), ...pathsOf(theirs)])].sort();
  const deletedFolder = deletedFolders(base, ours);
  const movedFrom = new Map([...renames].map(([to, from]) => [from, to]));
  return paths.map((path) => {
    const from = renames.get(path);
    if (from !== undefined) return planRename(path, from, { base, theirs, ours });
    const to = movedFrom.get(path);
    const sides = { base: lookup(base, path), theirs: lookup(theirs, path), ours: lookup(ours, path) };
    let action = decide(sides);
    if (action === "add" && deletedFolder(path)) action = "stays-deleted";
    if (to !== undefined && action === "keep-modified-removed") action = "renamed";
    return planned(path, action, sides, to === undefined || action !== "renamed" ? {} : { renamedTo: to });
  });
}

function planned(
  path: string,
  action: UpgradeAction,
  sides: { base?: FileSide; theirs?: FileSide; ours?: FileSide },
  extra: Partial<PlannedFile> = {},
): PlannedFile {
  const file: PlannedFile = {
    path,
    action,
    executable: {
      base: isExecutable(sides.base?.mode),
      theirs: isExecutable(sides.theirs?.mode),
      ours: isExecutable(sides.ours?.mode),
    },
    ...extra,
  };
  if (sides.base) file.base = sides.base.content;
  if (sides.theirs) file.theirs = sides.theirs.content;
  if (sides.ours) file.ours = sides.ours.content;
  if (sides.ours?.mode !== undefined) file.oursMode = sides.ours.mode;
  return file;
}

/**
 * The new path of a rename whose old file the user edited: a three-way merge of the user's old file, the base's old
 * file and the blueprint's new one. The user deleted the old file: the new one stays deleted too.
 */
function planRename(path: string, from: string, trees: Record<"base" | "theirs" | "ours", FileSource>): PlannedFile {
  const sides = { base: lookup(trees.base, from), theirs: lookup(trees.theirs, path), ours: lookup(trees.ours, from) };
  if (sides.ours === undefined) return planned(path, "stays-deleted", { theirs: sides.theirs });
  if (same(sides.ours, sides.base)) return planned(path, "add", { theirs: sides.theirs });
  return planned(path, "merge", sides, { renamedFrom: from });
}

/**
 * A folder the user deleted stays deleted: a new file goes nowhere the user removed every blueprint file from. The
 * nearest folder above a path that held base files decides; none of those on disk any more means it was deleted.
 */
function deletedFolders(base: FileSource, ours: FileSource): (path: string) => boolean {
  const present = new Map<string, boolean>();
  for (const path of pathsOf(base)) {
    const kept = lookup(ours, path) !== undefined;
    for (let dir = parentOf(path); dir !== ""; dir = parentOf(dir))
      present.set(dir, (present.get(dir) ?? false) || kept);
  }
  return (path) => {
    for (let dir = parentOf(path); dir !== ""; dir = parentOf(dir)) {
      const kept = present.get(dir);
      if (kept !== undefined) return !kept;
    }
    return false;
  };
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

function same(a: FileSide | undefined, b: FileSide | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameText(a.content, b.content) && isExecutable(a.mode) === isExecutable(b.mode);
}

function decide({ base, theirs, ours }: { base?: FileSide; theirs?: FileSide; ours?: FileSide }): UpgradeAction {
  if (base === undefined) {
    if (ours === undefined) return "add";
    return sameText(ours.content, theirs!.content) ? "keep" : "add-conflict";
  }
  if (theirs === undefined) {
    if (ours === undefined) return "stays-deleted";
    return sameText(ours.content, base.content) ? "delete" : "keep-modified-removed";
  }
  if (ours === undefined) return "stays-deleted";
  if (same(ours, theirs) || same(theirs, base)) return "keep";
  if (same(ours, base)) return "take-theirs";
  return "merge";
}

/** Actions that write a file, and the one that removes one; everything else leaves the disk alone. */
export const WRITES: ReadonlySet<UpgradeAction> = new Set([
  "take-theirs",
  "merge",
  "merged-with-conflicts",
  "add",
  "add-conflict",
]);
export const CONFLICTS: ReadonlySet<UpgradeAction> = new Set([
  "merged-with-conflicts",
  "add-conflict",
  "binary-conflict",
  "blocked",
]);
/** Actions that remove the file from disk. */
export const REMOVES: ReadonlySet<UpgradeAction> = new Set(["delete", "renamed"]);
