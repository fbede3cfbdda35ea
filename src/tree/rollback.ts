/**
 * Undoing a cut-short commit (journal.ts), safely: a file is rolled back only while it still holds exactly what the
 * interrupted run wrote there. One that already holds the original again (`git checkout .`) needs nothing; one that
 * holds anything else is newer work — then nothing at all is undone, the journal and backups stay, and the files are
 * named, so nothing is ever lost to a recovery.
 */
import { lstat, mkdir, readFile, rm, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type Journal, type JournalEntry, removeCreatedDirs } from "./journal.js";
import { moveFile, partialName } from "./moves.js";
import { checkFolderChain } from "./target-paths.js";

export interface RollbackPlan {
  /** Files the interrupted run wrote that still hold its content: removed (created) or restored from backup. */
  undo: { entry: JournalEntry; action: "remove" | "restore" }[];
  /** Files changed since the interrupted run wrote them (or restored by hand to something else). */
  changedSince: string[];
}

/** `reached`: how many entries the run got to, when it is known (this process's own rollback); else all. */
export async function planRollback(staging: string, journal: Journal, reached?: number): Promise<RollbackPlan> {
  const { createHash } = await import("node:crypto");
  const digest = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
  const plan: RollbackPlan = { undo: [], changedSince: [] };
  for (const entry of journal.entries.slice(0, reached)) {
    const live = await readIfFile(join(journal.target, entry.path));
    const backupPath = join(staging, "backup", entry.path);
    const backup = entry.kind === "create" ? undefined : await readIfFile(backupPath);
    const liveIsOurs = live !== undefined && live !== "other" && entry.digest === digest(live);
    const liveIsOriginal =
      live !== undefined && live !== "other" && backup !== undefined && backup !== "other" && live.equals(backup);
    if (entry.kind === "create") {
      if (liveIsOurs) plan.undo.push({ entry, action: "remove" });
      else if (live !== undefined) plan.changedSince.push(entry.path);
    } else if (backup === undefined) {
      // The backup is made before the file is touched: without one, the run never got to this file.
    } else if (liveIsOurs || (entry.kind === "delete" && live === undefined)) {
      plan.undo.push({ entry, action: "restore" });
    } else if (!liveIsOriginal) {
      plan.changedSince.push(entry.path);
    }
  }
  return plan;
}

/** Carries out a plan without changed files; removes what a cross-device move left half-done. */
export async function applyRollback(staging: string, journal: Journal, plan: RollbackPlan): Promise<void> {
  for (const { entry, action } of [...plan.undo].reverse()) {
    const live = join(journal.target, entry.path);
    checkFolderChain(journal.target, dirname(entry.path));
    if (action === "remove") await rm(live, { force: true });
    else {
      await mkdir(dirname(live), { recursive: true });
      await moveFile(join(staging, "backup", entry.path), live);
    }
  }
  const dirs = new Set(journal.entries.map((entry) => dirname(join(journal.target, entry.path))));
  for (const dir of dirs) await unlink(partialName(dir, journal.pid)).catch(() => undefined);
  await removeCreatedDirs(journal);
}

/** Undoes this process's own cut-short commit; a file changed meanwhile by someone else stops it. */
export async function rollBack(staging: string, journal: Journal, reached?: number): Promise<void> {
  const plan = await planRollback(staging, journal, reached);
  if (plan.changedSince.length > 0)
    throw new Error(`files changed by another program during the write: ${plan.changedSince.slice(0, 5).join(", ")}`);
  await applyRollback(staging, journal, plan);
}

/** A regular file's bytes; "other" for a folder, a symbolic link or anything unreadable: never ours to touch. */
async function readIfFile(path: string): Promise<Buffer | "other" | undefined> {
  let info: import("node:fs").Stats;
  try {
    info = await lstat(path);
  } catch {
    return undefined;
  }
  if (!info.isFile()) return "other";
  return readFile(path).catch(() => "other" as const);
}
