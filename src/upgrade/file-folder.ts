/**
 * A blueprint that turns a file into a folder (or a folder into a file) needs the one removed before the other can be
 * written. When the user never touched what stands in the way, it is replaced: the upgrade is written in two steps,
 * removals first. When the user edited it (or keeps files of their own in that folder), nothing of theirs is
 * removed: the new file is reported as a conflict ("blocked") and not written.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { inspectPathSync, type PathKind } from "../tree/target-paths.js";
import type { MergedFile } from "./merge.js";
import { REMOVES } from "./plan.js";

/**
 * Settles every clash in place, on the merged plan (a rename whose merge conflicted keeps its old file, which then
 * stands in the way); true when the upgrade must remove files before it writes the others.
 */
export function settleFileFolderClashes(plan: MergedFile[], directory: string, folders: ReadonlySet<string>): boolean {
  const byPath = new Map(plan.map((file) => [file.path, file]));
  const removed = (path: string) => REMOVES.has(byPath.get(path)?.action ?? "keep");
  const kinds = new Map<string, PathKind>();
  const kindOf = (path: string) => {
    const known = kinds.get(path);
    if (known !== undefined) return known;
    const kind = inspectPathSync(join(directory, path), "[directory]");
    kinds.set(path, kind);
    return kind;
  };
  let phased = false;
  const block = (file: MergedFile, reason: string) => {
    file.action = "blocked";
    file.reason = `${reason}; move it away and upgrade again`;
    file.conflicts = 1;
    delete file.content;
  };
  for (const file of plan) {
    if (file.content === undefined || (file.action !== "add" && file.renamedFrom === undefined)) continue;
    if (folders.has(file.path)) {
      const kept = filesUnder(directory, file.path).find((path) => !removed(path));
      if (kept === undefined) phased = true;
      else block(file, `the blueprint now has a file here, but your folder ${file.path}/ holds ${kept}`);
      continue;
    }
    const above = fileAbove(file.path, kindOf);
    if (above === undefined) continue;
    if (removed(above)) phased = true;
    else block(file, `the blueprint now has a folder ${above}/ here, but your file ${above} is in the way`);
  }
  return phased;
}

/** The nearest file on disk where a folder above `path` should be; it is "blocking" unless the plan removes it. */
function fileAbove(path: string, kindOf: (path: string) => PathKind): string | undefined {
  const segments = path.split("/");
  for (let depth = 1; depth < segments.length; depth++) {
    const prefix = segments.slice(0, depth).join("/");
    const kind = kindOf(prefix);
    if (kind === "missing") return undefined;
    if (kind !== "dir") return prefix;
  }
  return undefined;
}

function filesUnder(directory: string, folder: string): string[] {
  return readdirSync(join(directory, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(directory, path) : [path];
  });
}
