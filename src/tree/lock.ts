/**
 * One writer per target. A run that may write a target holds a lock file for the whole run — create, create --force
 * and upgrade alike — so a second run refuses at once instead of racing the first (two runs 0.3 s apart used to
 * leave a mix of both). The lock file sits beside the target in its real parent folder, so `link/repo` and the
 * real path lock the same file; it is created whole or not at all (written under a temporary name, then hard-linked
 * into place, which fails if it exists). A lock whose process is gone — by pid plus start time, so a reused pid does
 * not count — is stale and taken over.
 */
import { existsSync, realpathSync, unlinkSync } from "node:fs";
import { link, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { ConflictError } from "../errors.js";
import { InterruptGuard } from "./interrupts.js";
import { currentProcess, isRunning, type ProcessIdentity } from "./process-identity.js";
import { fileSystemError } from "./write-errors.js";

interface LockRecord extends ProcessIdentity {
  target: string;
}

/**
 * The target as the file system knows it: its nearest existing ancestor's real path (symbolic links resolved) and
 * the rest as given. Journals and locks are keyed by it, never by how the path was spelled.
 */
export function realTarget(target: string): string {
  let existing = target;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  let real: string;
  try {
    real = realpathSync(existing);
  } catch {
    return target;
  }
  const rest = relative(existing, target);
  return rest === "" ? real : join(real, rest);
}

/** Where the lock of `target` (a real path) lives: beside it, or beside its first missing ancestor. */
export function lockPath(target: string): string {
  let first = target;
  while (!existsSync(dirname(first)) && dirname(first) !== first) first = dirname(first);
  return join(dirname(first), `.${basename(first).slice(0, 80)}.mcp-gitops.lock`);
}

const held = new Map<string, number>();

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * A signal while a lock is held but no write is under way (before the write, or after it, while the run reports):
 * the run dies as it would without a handler, but first removes its lock, so a Ctrl-C never leaves a lock file
 * beside the target for the next run to find. During a write the InterruptGuard owns the signal (it rolls back and
 * the run releases its locks on the way out), so this handler stands aside.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (InterruptGuard.active > 0) return;
  for (const path of held.keys()) {
    try {
      unlinkSync(path);
    } catch {
      // already gone: nothing to leave behind
    }
  }
  held.clear();
  for (const name of SIGNALS) process.off(name, onSignal);
  process.kill(process.pid, signal);
}

function watchSignals(on: boolean): void {
  for (const name of SIGNALS) on ? process.on(name, onSignal) : process.off(name, onSignal);
}

export interface TargetLock {
  release(): Promise<void>;
}

/** Takes the target's lock (re-entrant within this process), or refuses naming the run that holds it. */
export async function lockTarget(target: string): Promise<TargetLock> {
  const path = lockPath(realTarget(target));
  const count = held.get(path) ?? 0;
  if (count === 0) await acquire(path, target);
  if (held.size === 0) watchSignals(true);
  held.set(path, count + 1);
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      const left = (held.get(path) ?? 1) - 1;
      if (left > 0) return void held.set(path, left);
      held.delete(path);
      if (held.size === 0) watchSignals(false);
      await unlink(path).catch(() => undefined);
    },
  };
}

/** Refuses when another live run holds the target's lock; for runs that only read (dry runs, --check). */
export async function assertNotLocked(target: string): Promise<void> {
  const path = lockPath(realTarget(target));
  if (held.has(path)) return;
  const owner = await readLock(path);
  if (owner && isRunning(owner)) throw busy(target, owner.pid, path);
}

/** Removes the target's lock when the run that made it is gone (killed); recovery's business, like staging folders. */
export async function removeStaleLock(target: string): Promise<void> {
  const path = lockPath(realTarget(target));
  if (held.has(path)) return;
  const owner = await readLock(path);
  if (owner && isRunning(owner)) return;
  if (
    owner ||
    (await readFile(path).then(
      () => true,
      () => false,
    ))
  )
    await breakStale(path, owner);
}

async function acquire(path: string, target: string): Promise<void> {
  const me = currentProcess();
  const record: LockRecord = { ...me, target: realTarget(target) };
  const temporary = `${path}.${me.pid}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(record), { mode: 0o644 });
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw fileSystemError(error, target, "lock");
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(temporary, path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw fileSystemError(error, target, "lock");
      }
      const owner = await readLock(path);
      if (owner && isRunning(owner)) throw busy(target, owner.pid, path);
      await breakStale(path, owner);
    }
    throw new ConflictError(`${target}: could not take the lock ${path}; another run keeps taking it`);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/**
 * Moves a stale lock aside, then checks that what it moved is the stale one it read: two runs breaking the same
 * stale lock must not remove the fresh lock the faster one just made.
 */
async function breakStale(path: string, seen: LockRecord | undefined): Promise<void> {
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch {
    return; // gone already: try again
  }
  const moved = await readLock(aside);
  if (moved && seen && (moved.pid !== seen.pid || moved.start !== seen.start) && isRunning(moved)) {
    await link(aside, path).catch(() => undefined); // a fresh lock after all: put it back
  }
  await unlink(aside).catch(() => undefined);
}

async function readLock(path: string): Promise<LockRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(path, "utf8")) as LockRecord;
    return Number.isInteger(record.pid) ? record : undefined;
  } catch {
    return undefined; // missing, or not one of ours: treated as stale
  }
}

function busy(target: string, pid: number, path: string): ConflictError {
  return new ConflictError(
    `${target}: another create-mcp-gitops run (process ${pid}) is writing it; wait for it to finish, or remove ${path} if no run is active`,
  );
}

export const LOCK_SUFFIX = `.mcp-gitops.lock`;
