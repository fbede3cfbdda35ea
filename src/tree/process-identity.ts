/**
 * Which process wrote a lock or a staging folder, told apart from a later process that happens to get the same pid:
 * the pid plus the process's start time (Linux: field 22 of /proc/<pid>/stat, clock ticks since boot). Where /proc is
 * missing (macOS, Windows) only the pid is known, and a live pid counts as the writer.
 */
import { readFileSync } from "node:fs";

export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot; undefined where the system does not say. */
  start?: number;
}

let self: ProcessIdentity | undefined;

export function currentProcess(): ProcessIdentity {
  self ??= { pid: process.pid, ...startOf(process.pid) };
  return self;
}

/** Whether that very process (not another one that reused its pid) is still running. */
export function isRunning(owner: ProcessIdentity): boolean {
  if (owner.pid === process.pid) return owner.start === undefined || owner.start === currentProcess().start;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (owner.start === undefined) return true;
  const now = startOf(owner.pid).start;
  return now === undefined || now === owner.start;
}

function startOf(pid: number): { start?: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces or parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const start = Number(fields[19]);
    return Number.isSafeInteger(start) ? { start } : {};
  } catch {
    return {};
  }
}
