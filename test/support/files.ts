/** Filesystem snapshots, to prove that a run wrote nothing or changed nothing. */
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { join, relative } from "node:path";

/** Every entry under `root` (files, folders, links), relative and sorted. */
export async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string) {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      found.push(relative(root, path) + (entry.isDirectory() ? "/" : ""));
      if (entry.isDirectory()) await walk(path);
    }
  }
  await walk(root);
  return found.sort();
}

/** Path → content (or link target) for everything under `root`. */
export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const path of await listFiles(root)) {
    if (path.endsWith("/")) {
      snapshot[path] = "<dir>";
      continue;
    }
    const full = join(root, path);
    const info = await lstat(full);
    snapshot[path] = info.isSymbolicLink() ? `-> ${await readlink(full)}` : await readFile(full, "utf8");
  }
  return snapshot;
}
