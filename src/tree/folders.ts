/**
 * Folder bookkeeping for the writer: which folders a commit creates (so a rollback removes exactly those), and
 * which it empties by deleting files (so none is left behind).
 */
import { mkdirSync } from "node:fs";
import { rmdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Change } from "./changes.js";
import { exists, type Journal } from "./journal.js";

/** Creates `root` and the folder of every change under it (synchronously: one by one, sync calls are cheaper). */
export async function makeDirs(root: string, changes: Change[]): Promise<void> {
  mkdirSync(root, { recursive: true });
  const dirs = new Set(changes.map((change) => dirname(join(root, change.path))));
  for (const dir of [...dirs].sort()) mkdirSync(dir, { recursive: true });
}

/** Folders the new files need that the target lacks, parents first, so a rollback can remove exactly those. */
export async function missingDirs(target: string, changes: Change[]): Promise<string[]> {
  const candidates = new Set<string>();
  for (const change of changes) {
    if (change.kind !== "create") continue;
    for (let dir = dirname(change.path); dir !== "."; dir = dirname(dir)) candidates.add(dir);
  }
  const missing: string[] = [];
  for (const dir of [...candidates].sort(
    (a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : a > b ? 1 : 0),
  )) {
    if (!(await exists(join(target, dir)))) missing.push(dir);
  }
  return missing;
}

/** After deletions, folders left empty go too (upgrade removing a server leaves no empty apps/<env>/<server>/). */
export async function removeEmptiedDirs(target: string, journal: Journal): Promise<void> {
  const dirs = new Set<string>();
  for (const entry of journal.entries) {
    if (entry.kind !== "delete") continue;
    for (let dir = dirname(entry.path); dir !== "."; dir = dirname(dir)) dirs.add(dir);
  }
  for (const dir of [...dirs].sort((a, b) => b.split("/").length - a.split("/").length)) {
    await rmdir(join(target, dir)).catch(() => undefined); // not empty: keep it
  }
}
