/**
 * The upgrade plan, file by file, from three trees: base (the recorded blueprint version rendered with the recorded
 * answers), theirs (the new version with the migrated answers) and ours (what is on disk now). Pure: no disk, no
 * git — merges are only marked here and carried out by merge.ts.
 *
 * A file is its bytes and whether it is executable (the one mode bit git tracks): a blueprint that makes a script
 * executable, or a user who did, is a change like any other, merged three ways.
 */
import { type FileContent, sameContent, type Tree } from "../tree/tree.js";

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
  /** The user deleted it: it stays deleted, whatever the blueprint did to it. */
  | "stays-deleted";

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

/** Every path that base or theirs knows, in a stable order. Paths only the user has are not the upgrade's business. */
export function planUpgrade(base: FileSource, theirs: FileSource, ours: FileSource): PlannedFile[] {
  const paths = [...new Set([...pathsOf(base), ...pathsOf(theirs)])].sort();
  return paths.map((path) => {
    const sides = { base: lookup(base, path), theirs: lookup(theirs, path), ours: lookup(ours, path) };
    const planned: PlannedFile = {
      path,
      action: decide(sides),
      executable: {
        base: isExecutable(sides.base?.mode),
        theirs: isExecutable(sides.theirs?.mode),
        ours: isExecutable(sides.ours?.mode),
      },
    };
    if (sides.base) planned.base = sides.base.content;
    if (sides.theirs) planned.theirs = sides.theirs.content;
    if (sides.ours) planned.ours = sides.ours.content;
    if (sides.ours?.mode !== undefined) planned.oursMode = sides.ours.mode;
    return planned;
  });
}

function same(a: FileSide | undefined, b: FileSide | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameContent(a.content, b.content) && isExecutable(a.mode) === isExecutable(b.mode);
}

function decide({ base, theirs, ours }: { base?: FileSide; theirs?: FileSide; ours?: FileSide }): UpgradeAction {
  if (base === undefined) {
    if (ours === undefined) return "add";
    return sameContent(ours.content, theirs!.content) ? "keep" : "add-conflict";
  }
  if (theirs === undefined) {
    if (ours === undefined) return "stays-deleted";
    return sameContent(ours.content, base.content) ? "delete" : "keep-modified-removed";
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
]);
