/** Reads "ours" for an upgrade: the files on disk at every path the old or new blueprint renders. */
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { inspectPathSync, readOnDisk } from "../tree/target-paths.js";
import { contentFromBytes } from "../tree/tree.js";
import type { FileSide } from "./plan.js";

/**
 * Synchronous reads, one after another: for the thousands of small files of a fleet that beats the thread pool.
 * A folder where the blueprint has a file is not read but named in `folders` (file-folder.ts decides about it).
 */
export async function readOurs(
  directory: string,
  paths: Iterable<string>,
  folders: Set<string> = new Set(),
): Promise<Map<string, FileSide>> {
  const ours = new Map<string, FileSide>();
  for (const path of paths) {
    const content = readIfFile(directory, path);
    if (content === "dir") folders.add(path);
    else if (content !== undefined) ours.set(path, content);
  }
  return ours;
}

function readIfFile(directory: string, path: string): FileSide | "dir" | undefined {
  const full = join(directory, path);
  let kind: ReturnType<typeof inspectPathSync>;
  try {
    kind = inspectPathSync(full, "[directory]");
  } catch (error) {
    // A symbolic link where the blueprint has a file: upgrade would write through it, so it stops instead.
    if (error instanceof UsageError)
      throw new UsageError(
        `${path}: is a symbolic link; upgrade never writes through links — replace it with a file or remove it`,
      );
    throw error;
  }
  if (kind === "missing" || kind === "other") {
    // "other" is ENOTDIR (a file where a folder should be) or a special file: treat as absent here; the writer refuses it.
    return undefined;
  }
  if (kind === "dir") return "dir";
  const { bytes, mode } = readOnDisk(full);
  return { content: contentFromBytes(bytes), mode };
}
