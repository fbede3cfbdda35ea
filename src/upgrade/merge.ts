/**
 * Three-way merges with the real `git merge-file`, so the result and its conflict markers are exactly what git,
 * IDEs and merge tools know: `<<<<<<< yours`, `=======`, `>>>>>>> mcp-gitops 1.1.0`.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FileContent } from "../tree/tree.js";
import { runGit } from "../git/run.js";
import { inEndingOf, sameText, toLf } from "./line-endings.js";
import type { PlannedFile } from "./plan.js";

export interface MergeLabels {
  /** The files on disk, e.g. "yours". */
  ours: string;
  /** The recorded version, e.g. "mcp-gitops 1.0.0". */
  base: string;
  /** The new version, e.g. "mcp-gitops 1.1.0". */
  theirs: string;
}

export interface MergeResult {
  content: string;
  /** Number of conflicting hunks left inline with markers. */
  conflicts: number;
}

/** Merges in one folder of numbered inputs; call dispose() when done. Runs a few git processes at a time. */
export class Merger {
  private folder: Promise<string> | undefined;
  private count = 0;

  constructor(private readonly labels: MergeLabels) {}

  async merge(ours: string, base: string, theirs: string): Promise<MergeResult> {
    // The trivial cases need no process: the side that changed wins.
    if (ours === theirs || theirs === base) return { content: ours, conflicts: 0 };
    if (ours === base) return { content: theirs, conflicts: 0 };
    this.folder ??= mkdtemp(join(tmpdir(), "mcp-gitops-merge-"));
    const dir = join(await this.folder, String(this.count++));
    await mkdir(dir);
    const files = { ours: join(dir, "ours"), base: join(dir, "base"), theirs: join(dir, "theirs") };
    await Promise.all([writeFile(files.ours, ours), writeFile(files.base, base), writeFile(files.theirs, theirs)]);
    return mergeFile(files, this.labels);
  }

  async dispose(): Promise<void> {
    if (this.folder) await rm(await this.folder, { recursive: true, force: true });
  }
}

async function mergeFile(
  files: { ours: string; base: string; theirs: string },
  labels: MergeLabels,
): Promise<MergeResult> {
  // The conflict style is pinned so a user's merge.conflictStyle (diff3, zdiff3) cannot change the output.
  const args = [
    "-c",
    "merge.conflictStyle=merge",
    "merge-file",
    "-p",
    "-L",
    labels.ours,
    "-L",
    labels.base,
    "-L",
    labels.theirs,
  ];
  const run = await runGit([...args, files.ours, files.base, files.theirs]);
  // merge-file exits with the number of conflicts (0–127); anything else, or a signal, is a failure.
  if (run.code >= 0 && run.code < 128) return { content: run.stdout, conflicts: run.code };
  throw new Error(`git merge-file failed: ${run.stderr.trim()}`);
}

export interface MergedFile extends PlannedFile {
  /** What the file will contain, for every action that writes. */
  content?: FileContent;
  conflicts?: number;
  /** The exact mode to give the file; undefined keeps the user's (or, for a new file, the usual one). */
  mode?: number;
}

/** Carries out the merges a plan asks for and fills in the content of every file that will be written. */
export async function resolvePlan(plan: PlannedFile[], labels: MergeLabels, parallel = 8): Promise<MergedFile[]> {
  const merger = new Merger(labels);
  try {
    const resolved: MergedFile[] = new Array(plan.length);
    for (let start = 0; start < plan.length; start += parallel) {
      const batch = plan.slice(start, start + parallel).map((file) => resolveOne(file, merger));
      for (const [offset, file] of (await Promise.all(batch)).entries()) resolved[start + offset] = file;
    }
    return keepUnsettledRenames(resolved);
  } finally {
    await merger.dispose();
  }
}

async function resolveOne(file: PlannedFile, merger: Merger): Promise<MergedFile> {
  const mode = mergedMode(file);
  switch (file.action) {
    case "take-theirs":
    case "add":
      // A CRLF working copy gets the blueprint's text in its own ending.
      return { ...file, content: isText(file.theirs) ? inEndingOf(file.theirs, file.ours) : file.theirs, ...mode };
    case "merge": {
      if (sameText(file.ours, file.theirs) || sameText(file.theirs, file.base))
        return { ...file, content: file.ours, ...mode };
      if (sameText(file.ours, file.base))
        return { ...file, content: inEndingOf(file.theirs as string, file.ours), ...mode };
      if (!isText(file.ours) || !isText(file.base) || !isText(file.theirs))
        return { ...file, action: "binary-conflict", conflicts: 1 };
      // Merged as LF text, written back in the user's ending: CRLF alone is never a difference.
      const merged = await merger.merge(toLf(file.ours), toLf(file.base), toLf(file.theirs));
      return {
        ...file,
        action: merged.conflicts > 0 ? "merged-with-conflicts" : "merge",
        content: inEndingOf(merged.content, file.ours),
        conflicts: merged.conflicts,
        ...mode,
      };
    }
    case "add-conflict": {
      if (!isText(file.ours) || !isText(file.theirs)) return { ...file, action: "binary-conflict", conflicts: 1 };
      // Both sides added the file: merge against an empty base, as git does for add/add, so the user's lines stay.
      const merged = await merger.merge(toLf(file.ours), "", toLf(file.theirs));
      return { ...file, content: inEndingOf(merged.content, file.ours), conflicts: Math.max(1, merged.conflicts) };
    }
    default:
      return file;
  }
}

/**
 * The old path of a rename goes only when the user's edits arrived cleanly at the new one; while the new path holds
 * conflict markers (or could not be merged), the old file stays, reported, until the user has settled both.
 */
function keepUnsettledRenames(files: MergedFile[]): MergedFile[] {
  const unsettled = new Set(
    files.filter((file) => file.renamedFrom !== undefined && (file.conflicts ?? 0) > 0).map((file) => file.renamedFrom),
  );
  return files.map((file) =>
    file.action === "renamed" && unsettled.has(file.path) ? { ...file, action: "keep-modified-removed" } : file,
  );
}

function isText(content: FileContent | undefined): content is string {
  return typeof content === "string";
}

/**
 * The exec bit, merged three ways like git does: the side that changed it wins (the user's, when both did). The
 * mode is only set when the result differs from what the user has, so their other mode bits are never touched.
 */
function mergedMode(file: PlannedFile): { mode?: number } {
  const { base, theirs, ours } = file.executable;
  if (file.ours === undefined) return theirs ? { mode: 0o755 } : {};
  const executable = ours === base ? theirs : ours;
  if (executable === ours) return {};
  const current = file.oursMode ?? 0o644;
  // Execute where read is allowed (as chmod +x does under a 022 umask), or none at all.
  return { mode: executable ? current | ((current & 0o444) >> 2) : current & ~0o111 & 0o7777 };
}
