/**
 * Recovery of an interrupted write, as its own step: every command that reads or writes a target calls it first,
 * explicitly, so the target it then looks at is whole. It finishes what killed runs left behind for the target —
 * undoes a cut-short commit where that loses nothing (rollback.ts), removes stale staging folders — and refuses while
 * another live run is writing the same target. Runs that only look (`--dry-run`, `--check`) change nothing: they
 * learn what a recovery would do and report it.
 */
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ConflictError } from "../errors.js";
import { discard, JOURNAL, type Journal, stagingOwner, stagingPrefix } from "./journal.js";
import { assertNotLocked, realTarget, removeStaleLock } from "./lock.js";
import { isRunning } from "./process-identity.js";
import { applyRollback, planRollback } from "./rollback.js";

export interface RecoveryOptions {
  /** Look only: undo nothing, remove nothing; return what a recovery would undo. */
  readOnly?: boolean;
}

/**
 * What a recovery undid in the target, or (read-only) would undo: files restored, removed or left half-copied, and
 * folders the interrupted run created. Both zero exactly when the recovery leaves the target as it found it.
 */
export interface Recovered {
  files: number;
  folders: number;
}

/**
 * Finishes what killed runs left behind for `target`. Returns what was undone (or, read-only, would be), for a
 * warning. Refuses while another live run is writing the same target, and stops — changing nothing — when a file
 * the interrupted run wrote has been changed since.
 */
export async function recoverInterruptedWrite(target: string, options: RecoveryOptions = {}): Promise<Recovered> {
  const real = realTarget(target);
  await assertNotLocked(real);
  if (!options.readOnly) await removeStaleLock(real);
  const parent = dirname(real);
  const prefix = stagingPrefix(real);
  let names: string[];
  try {
    names = (await readdir(parent)).filter((name) => name.startsWith(prefix));
  } catch {
    return { files: 0, folders: 0 };
  }
  const recovered: Recovered = { files: 0, folders: 0 };
  for (const name of names) {
    const owner = stagingOwner(name, prefix);
    if (!owner) continue; // not one of ours
    const staging = join(parent, name);
    if (owner.pid !== process.pid && isRunning(owner)) {
      throw new ConflictError(
        `${target}: another create-mcp-gitops run (process ${owner.pid}) is writing it; wait for it to finish, or remove ${staging} if no run is active`,
      );
    }
    const journal = await readJournal(staging);
    if (journal && journal.target !== real) continue; // a different target with the same name prefix
    if (journal) {
      const plan = await planRollback(staging, journal);
      if (plan.changedSince.length > 0) throw changedSince(target, staging, plan.changedSince, options);
      recovered.files += plan.undo.length + plan.leftovers.length;
      recovered.folders += plan.folders.length;
      if (!options.readOnly) await applyRollback(staging, journal, plan);
    }
    if (!options.readOnly) await discard(staging);
  }
  return recovered;
}

/**
 * The warning for a recovery that changed (or, read-only, would change) the target; undefined when it changed
 * nothing. `undoneBy`: what the next run is, when this one only looked.
 */
export function recoveryWarning(directory: string, recovered: Recovered, undoneBy?: string): string | undefined {
  const { files, folders } = recovered;
  if (files + folders === 0) return undefined;
  const counts = [
    ...(files ? [`${files} ${files === 1 ? "file" : "files"}`] : []),
    ...(folders ? [`${folders} new ${folders === 1 ? "folder" : "folders"}`] : []),
  ].join(", ");
  const changes = `an earlier run was interrupted while writing ${directory}; its changes (${counts})`;
  return undoneBy ? `${changes} are still there and are undone by ${undoneBy}` : `${changes} were undone first`;
}

function changedSince(target: string, staging: string, files: string[], options: RecoveryOptions): ConflictError {
  const listed = files.slice(0, 10).join(", ") + (files.length > 10 ? ` and ${files.length - 10} more` : "");
  return new ConflictError(
    `${target}: an earlier run was interrupted while writing it, and since then ${files.length === 1 ? "this file was" : "these files were"} changed: ${listed}. ` +
      `${options.readOnly ? "Nothing was changed" : "Nothing was undone"}, so nothing of yours is lost. ` +
      `The files as they were before that run are in ${join(staging, "backup")}; take what you need from there, then delete ${staging} and run the command again.`,
    files,
  );
}

async function readJournal(staging: string): Promise<Journal | undefined> {
  try {
    const journal = JSON.parse(await readFile(join(staging, JOURNAL), "utf8")) as Journal;
    return (journal.version === 2 || (journal.version as number) === 1) && Array.isArray(journal.entries)
      ? journal
      : undefined;
  } catch {
    return undefined;
  }
}
