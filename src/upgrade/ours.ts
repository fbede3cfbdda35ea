/** Reads "ours" for an upgrade: the files on disk at every path the old or new blueprint renders. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { inspectPath } from "../tree/target-paths.js";

export async function readOurs(directory: string, paths: Iterable<string>, parallel = 64): Promise<Map<string, string>> {
  const ours = new Map<string, string>();
  const all = [...paths];
  for (let start = 0; start < all.length; start += parallel) {
    await Promise.all(
      all.slice(start, start + parallel).map(async (path) => {
        const content = await readIfFile(directory, path);
        if (content !== undefined) ours.set(path, content);
      }),
    );
  }
  return ours;
}

async function readIfFile(directory: string, path: string): Promise<string | undefined> {
  const full = join(directory, path);
  let kind;
  try {
    kind = await inspectPath(full, "[directory]");
  } catch (error) {
    // A symbolic link where the blueprint has a file: upgrade would write through it, so it stops instead.
    if (error instanceof UsageError) throw new UsageError(`${path}: is a symbolic link; upgrade never writes through links — replace it with a file or remove it`);
    throw error;
  }
  if (kind === "missing" || kind === "other") {
    // "other" is ENOTDIR (a file where a folder should be) or a special file: treat as absent here; the writer refuses it.
    return undefined;
  }
  if (kind === "dir") throw new UsageError(`${path}: is a folder in this repository, but the blueprint has a file there`);
  return readFile(full, "utf8");
}
