/**
 * Writes a Tree to disk without ever leaving a half-written target, even when killed:
 * - a missing target is built in a sibling staging folder and renamed into place in one step;
 * - an existing target — an empty one too, which keeps its mode and owner and may be a mount point or the shell's
 *   current folder, so it is never replaced — gets every file staged first; then a journal is written and the files
 *   are moved in, the originals kept as backups until the journal is removed (see journal.ts). A run that dies
 *   half-way is rolled back by the next command on the target (`recoverInterruptedWrite`), so the target ends as it
 *   was; across file systems (a mount point) each move is a copy renamed into place;
 * - Ctrl-C or SIGTERM during the write rolls back at once and exits 130 with nothing changed;
 * - one writer per target (lock.ts); every folder on the way to a file is checked again as it is written, so a
 *   folder swapped for a symbolic link during the run is never written through;
 * - a file-system failure (disk full, read-only, permissions, a name too long) rolls back and is one message naming
 *   the path and what to do (write-errors.ts).
 * Identical files are left alone, and files on disk that the changes do not name are never touched.
 */
import { writeFile } from "node:fs";
import { chmod, copyFile, link, mkdir, readdir, rename, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { UsageError } from "../errors.js";
import { InterruptGuard } from "./interrupts.js";
import type { Change, TargetState } from "./changes.js";
import { discard, newJournal, RollbackFailed, stagingFolder, writeJournal, type Journal } from "./journal.js";
import { makeDirs, missingDirs, removeEmptiedDirs } from "./folders.js";
import { lockTarget, realTarget } from "./lock.js";
import { moveFile } from "./moves.js";
import { rollBack } from "./rollback.js";
import { checkFolderChain, inspectPath } from "./target-paths.js";
import { entryBytes, type Tree } from "./tree.js";
import { fileSystemError } from "./write-errors.js";

export type { Change, ChangeKind, TargetState } from "./changes.js";
export { type Recovered, recoverInterruptedWrite, recoveryWarning } from "./recovery.js";
export { assertNotLocked, lockTarget, type TargetLock } from "./lock.js";
export { WriteFailed } from "./write-errors.js";
export { planChanges } from "./target-paths.js";

/**
 * Looks at the target: refuses a target that is a file, a symbolic link (it would write elsewhere), or not a folder.
 * A pure look-up: an interrupted earlier write is rolled back by `recoverInterruptedWrite` (journal.ts), which each
 * command calls explicitly before it reads the target.
 */
export async function inspectTarget(target: string): Promise<TargetState> {
  const info = await inspectPath(target, "[directory]");
  if (info === "missing") return { exists: false, empty: true, blank: true };
  if (info !== "dir") throw new UsageError(`[directory] ${target}: exists and is not a folder`);
  let entries: string[];
  try {
    entries = await readdir(target);
  } catch (error) {
    throw fileSystemError(error, target, "read");
  }
  return { exists: true, empty: entries.length === 0, blank: entries.every((entry) => entry === ".git") };
}

export interface FlushOptions {
  /** Paths committed after every other file (the generation record: it must never describe a half-written tree). */
  last?: string[];
}

export async function flush(
  tree: Tree,
  target: string,
  changes: Change[],
  state: Pick<TargetState, "exists" | "empty">,
  options: FlushOptions = {},
): Promise<void> {
  const toWrite = changes.filter((change) => change.kind === "create" || change.kind === "update");
  const toDelete = changes.filter((change) => change.kind === "delete");
  if (toWrite.length === 0 && toDelete.length === 0) return;
  const lock = await lockTarget(target);
  const real = realTarget(target);
  const guard = InterruptGuard.start();
  const staging = stagingFolder(real);
  let keep = false;
  try {
    await guard.pauseAt("writing");
    if (!state.exists) await writeNew(tree, real, staging, toWrite, guard);
    else await writeExisting(tree, real, staging, lastOf([...toWrite, ...toDelete], options.last ?? []), guard);
  } catch (error) {
    keep = error instanceof RollbackFailed;
    throw fileSystemError(error, target);
  } finally {
    // After a failed rollback the journal and backups are all that can restore the target: the next run uses them.
    if (!keep) await discard(staging);
    guard.release();
    await lock.release();
  }
}

function lastOf(changes: Change[], last: string[]): Change[] {
  const isLast = (change: Change) => last.includes(change.path);
  return [...changes.filter((change) => !isLast(change)), ...changes.filter(isLast)];
}

/** rename(2) puts a missing folder in place atomically: the target appears complete or not at all. */
async function writeNew(
  tree: Tree,
  target: string,
  staging: string,
  changes: Change[],
  guard: InterruptGuard,
): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  await stage(tree, staging, changes, guard);
  await guard.pauseAt("staged");
  guard.check();
  await rename(staging, target);
}

async function writeExisting(
  tree: Tree,
  target: string,
  staging: string,
  changes: Change[],
  guard: InterruptGuard,
): Promise<void> {
  const newRoot = join(staging, "new");
  await stage(
    tree,
    newRoot,
    changes.filter((change) => change.kind !== "delete"),
    guard,
  );
  const { createHash } = await import("node:crypto");
  const journal = newJournal(
    target,
    changes.map((change) => {
      const kind = change.kind as "create" | "update" | "delete";
      const entry = tree.entry(change.path);
      if (kind === "delete" || entry === undefined) return { path: change.path, kind };
      return { path: change.path, kind, digest: createHash("sha256").update(entryBytes(entry)).digest("hex") };
    }),
    await missingDirs(target, changes),
  );
  await makeDirs(
    join(staging, "backup"),
    changes.filter((change) => change.kind !== "create"),
  );
  await guard.pauseAt("staged");
  guard.check();
  await writeJournal(staging, journal);
  const progress = { reached: 0 };
  try {
    await commit(tree, target, staging, journal, guard, progress);
  } catch (error) {
    await rollBack(staging, journal, progress.reached).catch((rollback: unknown) => {
      throw new RollbackFailed(target, staging, error, rollback);
    });
    throw error;
  }
}

/** Moves staged files in, one rename each; originals are hard-linked (or copied) to the backups first. */
async function commit(
  tree: Tree,
  target: string,
  staging: string,
  journal: Journal,
  guard: InterruptGuard,
  progress: { reached: number },
): Promise<void> {
  for (const dir of journal.createdDirs) {
    checkFolderChain(target, dirname(dir));
    await mkdir(join(target, dir));
  }
  await guard.pauseAt("journaled");
  const halfway = Math.floor(journal.entries.length / 2);
  for (const [index, entry] of journal.entries.entries()) {
    if (index === halfway) await guard.pauseAt("committing");
    guard.check();
    progress.reached = index + 1;
    const live = join(target, entry.path);
    const backup = join(staging, "backup", entry.path);
    checkFolderChain(target, dirname(entry.path));
    if (entry.kind === "delete") {
      await moveFile(live, backup);
      continue;
    }
    const staged = join(staging, "new", entry.path);
    if (entry.kind === "update") {
      await backUp(live, backup);
      // The tree's mode when it asks for one (an executable script); otherwise keep the mode the user set.
      await chmod(staged, tree.entry(entry.path)?.mode ?? (await stat(live)).mode & 0o7777);
    }
    await moveFile(staged, live);
  }
  await removeEmptiedDirs(target, journal);
  await guard.pauseAt("committed");
  guard.check();
}

/**
 * A hard link costs nothing and cannot be half-written. Where links are not supported, a copy under a temporary name
 * renamed into place: a backup that exists is always complete, which is what the rollback relies on.
 */
async function backUp(live: string, backup: string): Promise<void> {
  try {
    await link(live, backup);
  } catch {
    await copyFile(live, `${backup}.partial`);
    await rename(`${backup}.partial`, backup);
  }
}

async function stage(tree: Tree, root: string, changes: Change[], guard: InterruptGuard): Promise<void> {
  await makeDirs(root, changes);
  // Writes overlap in the thread pool, which on a slow disk beats one after another (reads are the other way round);
  // bounded batches, so thousands of files for a fleet do not exhaust file descriptors.
  const halfway = Math.floor(changes.length / 2);
  for (let start = 0; start < changes.length; start += 64) {
    if (halfway >= start && halfway < start + 64) await guard.pauseAt("staging");
    guard.check();
    await Promise.all(changes.slice(start, start + 64).map((change) => writeEntry(tree, root, change.path)));
  }
}

/**
 * One file with its mode: writeFile's mode applies at creation (less the umask), as git's checkout does. The callback
 * API does the same work in the thread pool as fs/promises with less on this thread (no file handle object and
 * promise per step), which a fleet's thousands of files notice.
 */
function writeEntry(tree: Tree, root: string, path: string): Promise<void> {
  const entry = tree.entry(path)!;
  const data = entry.encoded ?? entry.content;
  return new Promise((resolve, reject) => {
    const done = (error: NodeJS.ErrnoException | null) => (error ? reject(error) : resolve());
    if (entry.mode === undefined) writeFile(join(root, path), data, done);
    else writeFile(join(root, path), data, { mode: entry.mode }, done);
  });
}
