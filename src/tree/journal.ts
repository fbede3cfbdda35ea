/**
 * The write journal that makes writing into an existing folder crash-safe.
 *
 * Every write stages its files in a sibling folder `.<target>.mcp-gitops-<pid>-<random>` (never inside the target,
 * whose listing must not change). Before the first file of the target is touched, `journal.json` is written into
 * that folder (atomically: temp file, fsync, rename); it lists every file the commit will create, replace or delete
 * and the folders it will create. Replaced and deleted originals are kept in `backup/` until the commit is over.
 * Removing the journal is the commit point. A staging folder left behind by a killed process is therefore either
 * - without a journal: the target was never touched (or the commit finished) — the folder is just removed; or
 * - with a journal: the commit was cut short — every step is undone, from the backups, and the target is exactly
 *   as it was before the run.
 * Rolling back is idempotent, so a recovery that is itself killed is simply repeated by the next run
 * (recovery.ts).
 */
import { lstat, mkdir, open, rename, rm, rmdir, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export const JOURNAL = "journal.json";

export interface JournalEntry {
  path: string;
  kind: "create" | "update" | "delete";
}

export interface Journal {
  version: 1;
  pid: number;
  target: string;
  entries: JournalEntry[];
  /** Folders of the target the commit creates, parents first. */
  createdDirs: string[];
}

/** Names start with a dot and the target's name (shortened: a name may already be near the 255-byte limit). */
export function stagingPrefix(target: string): string {
  return `.${basename(target).slice(0, 80)}.mcp-gitops-`;
}

export function stagingFolder(target: string): string {
  // Not a secret, only different from a leftover of an earlier process with the same pid; node:crypto (some twenty
  // internal modules) would cost every run more than it gives.
  const salt = Math.floor(Math.random() * 2 ** 32)
    .toString(16)
    .padStart(8, "0");
  return join(dirname(target), `${stagingPrefix(target)}${process.pid}-${salt}`);
}

export async function writeJournal(staging: string, journal: Journal): Promise<void> {
  const temporary = join(staging, `${JOURNAL}.tmp`);
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(JSON.stringify(journal));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, join(staging, JOURNAL));
}

/** Writing failed half-way and so did undoing it; the journal stays for the next run to finish the rollback. */
export class RollbackFailed extends Error {
  readonly exitCode = 1;
  constructor(target: string, staging: string, cause: unknown, rollback: unknown) {
    super(
      `writing ${target} failed (${(cause as Error).message ?? cause}) and undoing it failed too (${(rollback as Error).message ?? rollback}); ` +
        `the next run on ${target} restores it from ${staging}`,
    );
    this.name = "RollbackFailed";
  }
}

/** Undoes a cut-short commit: originals come back from `backup/`, created files and folders go. */
export async function rollBack(staging: string, journal: Journal): Promise<void> {
  const { target } = journal;
  for (const entry of [...journal.entries].reverse()) {
    const live = join(target, entry.path);
    if (entry.kind === "create") {
      // Still staged means it was never moved in; otherwise the file in the target is ours to remove.
      if (!(await exists(join(staging, "new", entry.path)))) await rm(live, { force: true });
      continue;
    }
    const backup = join(staging, "backup", entry.path);
    if (await exists(backup)) {
      await mkdir(dirname(live), { recursive: true });
      await rename(backup, live);
    }
  }
  for (const dir of [...journal.createdDirs].reverse()) {
    await rmdir(join(target, dir)).catch(() => undefined); // not empty: the user put something there meanwhile
  }
}

/** Removes a staging folder; the journal goes first, so a kill mid-way leaves no journal to act on. */
export async function discard(staging: string): Promise<void> {
  await unlink(join(staging, JOURNAL)).catch(() => undefined);
  await rm(staging, { recursive: true, force: true });
}

export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
