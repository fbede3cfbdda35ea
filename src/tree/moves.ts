/**
 * Moving one file into or out of the target. A rename when both sides are on one file system; across file systems
 * (a target that is a mount point, as `docker run -v` or a PVC make it, with its staging folder beside it) a copy
 * under a temporary name in the destination's folder, renamed into place, so the destination is never half-written,
 * then the source removed.
 */
import { copyFile, rename, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";

/** The temporary name a cross-device move uses in `dir`; recovery removes one a killed run left. */
export function partialName(dir: string, pid: number): string {
  return join(dir, `.mcp-gitops-${pid}.partial`);
}

export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
  }
  await copyInto(from, to);
  await unlink(from);
}

/** A complete copy of `from` at `to`, never a partial one. */
export async function copyInto(from: string, to: string): Promise<void> {
  const partial = partialName(dirname(to), process.pid);
  try {
    await copyFile(from, partial);
    await rename(partial, to);
  } catch (error) {
    await unlink(partial).catch(() => undefined);
    throw error;
  }
}
