/**
 * Recovery of an interrupted write, as its own step: every command that reads or writes a target calls it first,
 * explicitly, so the target it then looks at is whole. It finishes what killed runs left behind for the target —
 * rolls back a cut-short commit (journal.ts), removes stale staging folders — and refuses while another live run is
 * writing the same target.
 */
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ConflictError } from "../errors.js";
import { discard, JOURNAL, type Journal, rollBack, stagingPrefix } from "./journal.js";

/**
 * Finishes what killed runs left behind for `target`: rolls back a cut-short commit, removes stale staging folders.
 * Returns how many files were restored, for a warning. Refuses while another live run is writing the same target.
 */
export async function recoverInterruptedWrite(target: string): Promise<number> {
  const parent = dirname(target);
  const prefix = stagingPrefix(target);
  let names: string[];
  try {
    names = (await readdir(parent)).filter((name) => name.startsWith(prefix));
  } catch {
    return 0;
  }
  let restored = 0;
  for (const name of names) {
    const pid = Number(/^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid)) continue; // not one of ours
    const staging = join(parent, name);
    if (pid !== process.pid && isAlive(pid)) {
      throw new ConflictError(
        `${target}: another create-mcp-gitops run (process ${pid}) is writing it; wait for it to finish, or remove ${staging} if no run is active`,
      );
    }
    const journal = await readJournal(staging);
    if (journal && journal.target !== target) continue; // a different target with the same name prefix
    if (journal) {
      await rollBack(staging, journal);
      restored += journal.entries.length;
    }
    await discard(staging);
  }
  return restored;
}

async function readJournal(staging: string): Promise<Journal | undefined> {
  try {
    const journal = JSON.parse(await readFile(join(staging, JOURNAL), "utf8")) as Journal;
    return journal.version === 1 && Array.isArray(journal.entries) ? journal : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
