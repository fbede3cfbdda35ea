/**
 * Undoing a cut-short commit (journal.ts), safely: a file is rolled back only while it still holds exactly what the
 * interrupted run wrote there. One that already holds the original again (`git checkout .`) needs nothing; one that
 * holds anything else is newer work — then nothing at all is undone, the journal and backups stay, and the files are
 * named, so nothing is ever lost to a recovery. The folders the run created go too once the undo empties them; they
 * are part of the plan, because a run killed after making them but before moving its first file in changed the
 * target by them alone, and a recovery that removes them must say so.
 */
import { lstat, mkdir, readdir, readFile, rm, rmdir, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { exists, type Journal, type JournalEntry } from "./journal.js";
import { moveFile, partialName } from "./moves.js";
import { checkFolderChain } from "./target-paths.js";

export interface RollbackPlan {
  /** Files the interrupted run wrote that still hold its content: removed (created) or restored from backup. */
  undo: { entry: JournalEntry; action: "remove" | "restore" }[];
  /** Files changed since the interrupted run wrote them (or restored by hand to something else). */
  changedSince: string[];
  /** Temporary files a cut-short cross-device move left in the target (moves.ts partialName): removed. */
  leftovers: string[];
  /** Folders the interrupted run created that the undo leaves empty, deepest first: removed. */
  folders: string[];
}

/** `reached`: how many entries the run got to, when it is known (this process's own rollback); else all. */
export async function planRollback(staging: string, journal: Journal, reached?: number): Promise<RollbackPlan> {
  const { createHash } = await import("node:crypto");
  const digest = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
  const plan: RollbackPlan = { undo: [], changedSince: [], leftovers: [], folders: [] };
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
  for (const dir of new Set(journal.entries.map((entry) => dirname(entry.path)))) {
    const leftover = partialName(dir, journal.pid);
    if (await exists(join(journal.target, leftover))) plan.leftovers.push(leftover);
  }
  plan.folders = await emptiedFolders(journal, plan);
  return plan;
}

/**
 * The folders the run created that hold nothing but files the undo removes and folders that go too, deepest first.
 * One holding anything else (a file the user put there since) stays, and is not counted.
 */
async function emptiedFolders(journal: Journal, plan: RollbackPlan): Promise<string[]> {
  const removed = plan.undo.filter((step) => step.action === "remove").map((step) => step.entry.path);
  const going = new Set([...removed, ...plan.leftovers]);
  const folders: string[] = [];
  for (const dir of [...journal.createdDirs].reverse()) {
    const path = join(journal.target, dir);
    let names: string[];
    try {
      if (!(await lstat(path)).isDirectory()) continue;
      names = await readdir(path);
    } catch {
      continue; // gone already
    }
    if (names.every((name) => going.has(`${dir}/${name}`))) {
      going.add(dir);
      folders.push(dir);
    }
  }
  return folders;
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
  for (const leftover of plan.leftovers) await unlink(join(journal.target, leftover)).catch(() => undefined);
  for (const dir of plan.folders) {
    await rmdir(join(journal.target, dir)).catch(() => undefined); // not empty: the user put something there meanwhile
  }
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
