/**
 * Writes a resolved upgrade plan through the same crash-safe writer as `create` (src/tree/flush.ts): every new,
 * merged and deleted file, plus the rewritten `.mcp-gitops.yaml`, land together or — if the run is killed — not at
 * all. The plan decides; this module only turns it into a tree and a list of deletions.
 *
 * When a file has to become a folder (or a folder a file), the removals are written first, as a write of their own:
 * the writer moves files, it does not swap a file for a folder. A run killed between the two leaves the record on the
 * old version with the untouched files removed, and the next upgrade plans exactly the remaining writes.
 */
import { RECORD_FILE } from "../record.js";
import { flush, planChanges, type Change, type TargetState } from "../tree/flush.js";
import { type FileContent, Tree } from "../tree/tree.js";
import type { FileChange } from "./diff.js";
import type { MergedFile } from "./merge.js";
import { REMOVES, WRITES } from "./plan.js";

/** The files an upgrade writes (merged, added, taken from the blueprint) and the record, as a tree. */
export function upgradeTree(files: MergedFile[], record: string): Tree {
  const tree = new Tree();
  for (const file of files) if (WRITES.has(file.action)) tree.write(file.path, file.content!, { mode: file.mode });
  tree.write(RECORD_FILE, record);
  return tree;
}

export function deletions(files: MergedFile[]): string[] {
  return files.filter((file) => REMOVES.has(file.action)).map((file) => file.path);
}

export async function applyUpgrade(
  directory: string,
  files: MergedFile[],
  record: string,
  state: Pick<TargetState, "exists" | "empty">,
  options: { removalsFirst?: boolean } = {},
): Promise<Change[]> {
  const removed: Change[] = [];
  if (options.removalsFirst) {
    const empty = new Tree();
    const first = await planChanges(empty, directory, { delete: deletions(files) });
    await flush(empty, directory, first, state);
    removed.push(...first);
  }
  const tree = upgradeTree(files, record);
  // The record goes last in the list of changes: it says which version the files are, so it follows them.
  const changes = order(await planChanges(tree, directory, { delete: options.removalsFirst ? [] : deletions(files) }));
  await flush(tree, directory, changes, state);
  return [...removed, ...changes];
}

function order(changes: Change[]): Change[] {
  return [
    ...changes.filter((change) => change.path !== RECORD_FILE),
    ...changes.filter((change) => change.path === RECORD_FILE),
  ];
}

/** Before/after contents of everything the upgrade touches, for the dry run's diff. */
export function fileChanges(files: MergedFile[], record: { before?: FileContent; after: string }): FileChange[] {
  const changes: FileChange[] = [];
  for (const file of files) {
    // A renamed file is new at its new path; its old content shows as the old path's deletion.
    const before = file.renamedFrom === undefined ? file.ours : undefined;
    if (WRITES.has(file.action)) changes.push({ path: file.path, before, after: file.content });
    else if (REMOVES.has(file.action)) changes.push({ path: file.path, before: file.ours });
  }
  changes.push({ path: RECORD_FILE, before: record.before, after: record.after });
  return changes;
}
