/**
 * Writes a resolved upgrade plan through the same crash-safe writer as `create` (src/tree/flush.ts): every new,
 * merged and deleted file, plus the rewritten `.mcp-gitops.yaml`, land together or — if the run is killed — not at
 * all. The plan decides; this module only turns it into a tree and a list of deletions.
 */
import { RECORD_FILE } from "../record.js";
import { flush, planChanges, type Change, type TargetState } from "../tree/flush.js";
import { type FileContent, Tree } from "../tree/tree.js";
import type { FileChange } from "./diff.js";
import type { MergedFile } from "./merge.js";
import { WRITES } from "./plan.js";

/** The files an upgrade writes (merged, added, taken from the blueprint) and the record, as a tree. */
export function upgradeTree(files: MergedFile[], record: string): Tree {
  const tree = new Tree();
  for (const file of files) if (WRITES.has(file.action)) tree.write(file.path, file.content!, { mode: file.mode });
  tree.write(RECORD_FILE, record);
  return tree;
}

export function deletions(files: MergedFile[]): string[] {
  return files.filter((file) => file.action === "delete").map((file) => file.path);
}

export async function applyUpgrade(
  directory: string,
  files: MergedFile[],
  record: string,
  state: Pick<TargetState, "exists" | "empty">,
): Promise<Change[]> {
  const tree = upgradeTree(files, record);
  const changes = await planChanges(tree, directory, { delete: deletions(files) });
  await flush(tree, directory, changes, state);
  return changes;
}

/** Before/after contents of everything the upgrade touches, for the dry run's diff. */
export function fileChanges(files: MergedFile[], record: { before?: FileContent; after: string }): FileChange[] {
  const changes: FileChange[] = [];
  for (const file of files) {
    if (WRITES.has(file.action)) changes.push({ path: file.path, before: file.ours, after: file.content });
    else if (file.action === "delete") changes.push({ path: file.path, before: file.ours });
  }
  changes.push({ path: RECORD_FILE, before: record.before, after: record.after });
  return changes;
}
