/**
 * A blueprint is a folder: `blueprint.yaml` (name, version), `files/<layer>/...` (EJS templates and verbatim files)
 * and optionally `lib/helpers.mjs` (plain functions the templates call). Everything that decides what a repository
 * looks like lives in the blueprint, so an old version re-renders exactly as it did — the basis of `upgrade`.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { BlueprintError, UsageError } from "../errors.js";
import { bundledModule } from "./bundled-lib.js";
import { packageRoot } from "../package-root.js";

export interface Blueprint {
  name: string;
  version: string;
  /** Folder holding blueprint.yaml, files/ and lib/. */
  root: string;
  /** How `.mcp-gitops.yaml` records where it came from: "bundled", a folder, or `<git-url>#<ref>`. */
  source: string;
  /** For git sources: the commit that was rendered. */
  commit?: string;
  /**
   * Files this version renamed, old path → new path (output paths; `__server__` and `__env__` stand for any server
   * or environment), from `renames:` in blueprint.yaml. `upgrade` carries the user's edits to the new path. A version
   * keeps the renames of the versions before it, so an upgrade that skips versions still finds them.
   */
  renames?: Record<string, string>;
}

export const BUNDLED_BLUEPRINT = "mcp-gitops";

/** The package's own blueprints/ folder. */
export function bundledBlueprintsDir(): string {
  return join(packageRoot(), "blueprints");
}

export async function loadBlueprint(root: string, source: string, commit?: string): Promise<Blueprint> {
  const manifestPath = join(root, "blueprint.yaml");
  let text: string;
  try {
    text = await readFile(manifestPath, "utf8");
  } catch {
    throw new UsageError(`--blueprint ${source}: no blueprint.yaml found in ${root}`);
  }
  const { parse } = await import("yaml");
  const manifest = parse(text) as { name?: unknown; version?: unknown; renames?: unknown } | null;
  if (typeof manifest?.name !== "string" || typeof manifest?.version !== "string") {
    throw new UsageError(`--blueprint ${source}: blueprint.yaml must give a name and a version`);
  }
  const renames = manifest.renames;
  const valid =
    renames === undefined ||
    (typeof renames === "object" &&
      renames !== null &&
      !Array.isArray(renames) &&
      Object.values(renames).every((to) => typeof to === "string"));
  if (!valid)
    throw new BlueprintError(
      `blueprint ${manifest.name} ${manifest.version}: blueprint.yaml: renames must map old paths to new paths`,
    );
  return {
    name: manifest.name,
    version: manifest.version,
    root,
    source,
    commit,
    ...(renames ? { renames: renames as Record<string, string> } : {}),
  };
}

export async function loadBundledBlueprint(): Promise<Blueprint> {
  return loadBlueprint(join(bundledBlueprintsDir(), BUNDLED_BLUEPRINT), "bundled");
}

/**
 * A blueprint's own module (`lib/helpers.mjs`, `lib/engines.mjs`, `lib/migrations.mjs`), or undefined when the
 * blueprint has none. A module that exists but fails to load is the blueprint's fault and says which file.
 */
export async function loadBlueprintModule<T>(blueprint: Blueprint, file: string): Promise<T | undefined> {
  const path = join(blueprint.root, file);
  if (!existsSync(path)) return undefined;
  try {
    return ((blueprint.source === "bundled" ? bundledModule(blueprint.root, file) : undefined) ??
      (await import(pathToFileURL(path).href))) as T;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new BlueprintError(`blueprint ${blueprint.name} ${blueprint.version}: ${file} failed to load: ${message}`);
  }
}
