/**
 * Upgrade rewrites files in place; git is how a person reviews and undoes that. So, like `copier update`, it
 * refuses to start on uncommitted changes (they would mix with the upgrade's) unless told otherwise.
 */
import { UsageError } from "../errors.js";
import { runGit } from "../git/run.js";

/** Throws unless `directory` is inside a git work tree with nothing uncommitted under it (untracked files count). */
export async function ensureCleanWorkingTree(directory: string): Promise<void> {
  const inside = await runGit(["rev-parse", "--is-inside-work-tree"], { cwd: directory });
  if (inside.code !== 0 || inside.stdout.trim() !== "true") {
    throw new UsageError(
      `[directory] ${directory}: is not in a git repository. Upgrade edits files in place; commit the repository to git first so you can review and undo it, or pass --allow-dirty`,
    );
  }
  const status = await runGit(["status", "--porcelain", "--untracked-files=normal", "--", "."], { cwd: directory });
  if (status.code !== 0) throw new UsageError(`[directory] ${directory}: git status failed: ${status.stderr.trim()}`);
  const dirty = status.stdout.split("\n").filter(Boolean);
  if (dirty.length > 0) {
    const shown = dirty.slice(0, 10).map((line) => `  ${line}`);
    if (dirty.length > 10) shown.push(`  … and ${dirty.length - 10} more`);
    throw new UsageError(
      `[directory] ${directory}: has uncommitted changes; commit or stash them first (or pass --allow-dirty):\n${shown.join("\n")}`,
    );
  }
}
