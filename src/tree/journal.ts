/**
 * The write journal that makes writing into an existing folder crash-safe.
 *
 * Every write stages its files in a sibling folder `.<target>.mcp-gitops-<pid>-<start>-<random>` (never inside the
 * target, whose listing must not change). Before the first file of the target is touched, `journal.json` is written
 * into that folder (atomically: temp file, fsync, rename); it lists every file the commit will create, replace or
 * delete — with a digest of what it writes — and the folders it will create. Replaced and deleted originals are kept
 * in `backup/` until the commit is over. Removing the journal is the commit point. A staging folder left behind by a
 * killed process is therefore either
 * - without a journal: the target was never touched (or the commit finished) — the folder is just removed; or
 * - with a journal: the commit was cut short — recovery.ts undoes it from the backups, but only for files that still
 *   hold exactly what the killed run wrote (or already hold the original): a file changed since is newer work, and
 *   then nothing is undone and the journal stays.
 */
import { lstat, open, rename, rm, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { currentProcess, type ProcessIdentity } from "./process-identity.js";

export const JOURNAL = "journal.json";

export interface JournalEntry {
  path: string;
  kind: "create" | "update" | "delete";
  /** sha256 (hex) of what the run writes there; create and update only. */
  digest?: string;
}

export interface Journal {
  version: 2;
  pid: number;
  start?: number;
  /** The target's real path (lock.ts realTarget), whatever spelling the run was given. */
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
  const me = currentProcess();
  return join(dirname(target), `${stagingPrefix(target)}${me.pid}-${me.start ?? 0}-${salt}`);
}

/** The process that made a staging folder, from its name; undefined for names that are not ours. */
export function stagingOwner(name: string, prefix: string): ProcessIdentity | undefined {
  const match = /^(\d+)-(?:(\d+)-)?[0-9a-f]{8}$/.exec(name.slice(prefix.length));
  if (!match) return undefined;
  const start = Number(match[2] ?? 0);
  return { pid: Number(match[1]), ...(start ? { start } : {}) };
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

/** A new journal for this process. */
export function newJournal(target: string, entries: JournalEntry[], createdDirs: string[]): Journal {
  const me = currentProcess();
  return { version: 2, pid: me.pid, ...(me.start ? { start: me.start } : {}), target, entries, createdDirs };
}
