/**
 * Conflicts recorded in git's index as git's own merges record them: stage 1 the base, 2 yours, 3 the blueprint's.
 * `git status` then says "both modified", `git commit -a` refuses until each file is `git add`ed, and
 * `git checkout --theirs`, `git mergetool` and IDEs work on them — markers can no longer be committed by accident.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runGit } from "../git/run.js";
import type { MergedFile } from "./merge.js";

/** Records every conflicted file as unmerged; does nothing outside a git work tree. Returns the paths recorded. */
export async function recordUnmerged(directory: string, files: MergedFile[]): Promise<string[]> {
  const conflicted = files.filter(
    (file) =>
      (file.conflicts ?? 0) > 0 && file.action !== "blocked" && (file.ours !== undefined || file.theirs !== undefined),
  );
  if (conflicted.length === 0) return [];
  const prefix = await runGit(["rev-parse", "--show-prefix"], { cwd: directory });
  if (prefix.code !== 0) return [];
  const blobs = await mkdtemp(join(tmpdir(), "mcp-gitops-stages-"));
  try {
    const entries: { path: string; stage: number; content: string | Uint8Array; mode: string }[] = [];
    for (const file of conflicted) {
      // A rename's sides are the old path's, recorded at the new path where the user resolves them.
      const mode = (executable: boolean) => (executable ? "100755" : "100644");
      if (file.base !== undefined)
        entries.push({ path: file.path, stage: 1, content: file.base, mode: mode(file.executable.base) });
      if (file.ours !== undefined)
        entries.push({ path: file.path, stage: 2, content: file.ours, mode: mode(file.executable.ours) });
      if (file.theirs !== undefined)
        entries.push({ path: file.path, stage: 3, content: file.theirs, mode: mode(file.executable.theirs) });
    }
    const names = entries.map((_entry, index) => join(blobs, String(index)));
    await Promise.all(entries.map((entry, index) => writeFile(names[index]!, entry.content)));
    const hashed = await runGit(["hash-object", "-w", "--no-filters", "--", ...names], { cwd: directory });
    if (hashed.code !== 0) return [];
    const shas = hashed.stdout.trim().split("\n");
    const top = prefix.stdout.trim();
    const lines = conflicted.map((file) => `0 ${"0".repeat(40)}\t${top}${file.path}`);
    for (const [index, entry] of entries.entries())
      lines.push(`${entry.mode} ${shas[index]} ${entry.stage}\t${top}${entry.path}`);
    // Stage 0 is removed first (mode 0), then the three stages are added, as `git merge` leaves a conflict.
    const updated = await runGit(["update-index", "--index-info"], { cwd: directory, input: `${lines.join("\n")}\n` });
    return updated.code === 0 ? conflicted.map((file) => file.path) : [];
  } finally {
    await rm(blobs, { recursive: true, force: true });
  }
}
