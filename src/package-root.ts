import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/**
 * The folder holding package.json and blueprints/. Found by walking up from this module, because the module sits at
 * different depths in src/ (tests), dist/ (the library) and dist/bundle/ (the CLI), and in a global install.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(dir, "package.json")) && existsSync(join(dir, "blueprints")))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`create-mcp-gitops: cannot find the package folder above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  cached = dir;
  return dir;
}
