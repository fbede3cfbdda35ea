/**
 * Where blueprints come from, for `create --blueprint` and for both sides of an upgrade:
 * - `bundled`: the package's own blueprint, and every earlier version from the release archives it ships;
 * - a local folder (`--blueprint ../acme-blueprint`), recorded relative to the repository;
 * - a git repository (`--blueprint <url>#<ref>`), recorded with the commit that was rendered.
 * Temporary checkouts live in a BlueprintWorkspace that the caller disposes once rendering is done.
 */
import { lstat, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { BUNDLED_BLUEPRINT, loadBlueprint, loadBundledBlueprint, type Blueprint } from "./blueprint.js";
import { UsageError } from "../errors.js";
import { archivedVersions, extractRelease } from "./archive.js";
import { checkoutCommit, cloneRepository, looksLikeGitUrl, parseGitSource, resolveCommit } from "./git-source.js";
import { sortVersions } from "./versions.js";

export type BlueprintSource =
  | { kind: "bundled" }
  | { kind: "dir"; path: string }
  | { kind: "git"; url: string; ref?: string };

/** Reads `--blueprint` or a recorded source; relative folders are taken relative to `relativeTo`. */
export function parseBlueprintSource(text: string, relativeTo: string): BlueprintSource {
  if (text === "bundled") return { kind: "bundled" };
  if (looksLikeGitUrl(text)) return { kind: "git", ...parseGitSource(text) };
  if (text.trim() === "" || /[\u0000-\u001f]/.test(text))
    throw new UsageError(`--blueprint ${JSON.stringify(text)}: not a folder or git URL`);
  return { kind: "dir", path: resolve(relativeTo, text) };
}

/** What `.mcp-gitops.yaml` records: folders relative to the repository so the record works on every checkout. */
export function recordedSource(source: BlueprintSource, repository: string): string {
  if (source.kind === "bundled") return "bundled";
  if (source.kind === "git") return source.ref ? `${source.url}#${source.ref}` : source.url;
  const path = relative(repository, source.path).split(sep).join("/");
  return isAbsolute(path) ? path : path.startsWith("..") ? path : `./${path}`;
}

/** Temporary folders for extracted archives and git checkouts, and one clone per URL. */
export class BlueprintWorkspace {
  private root: string | undefined;
  private readonly clones = new Map<string, Promise<string>>();
  private count = 0;

  async folder(label: string): Promise<string> {
    this.root ??= await mkdtemp(join(tmpdir(), "mcp-gitops-blueprints-"));
    return join(this.root, `${this.count++}-${label}`);
  }

  clone(url: string): Promise<string> {
    let clone = this.clones.get(url);
    if (!clone) {
      clone = this.folder("clone").then(async (into) => {
        await cloneRepository(url, into);
        return into;
      });
      this.clones.set(url, clone);
    }
    return clone;
  }

  async dispose(): Promise<void> {
    if (this.root) await rm(this.root, { recursive: true, force: true });
  }
}

export interface OpenOptions {
  workspace: BlueprintWorkspace;
  /** The generated repository; folder sources are recorded relative to it. */
  repository: string;
  /** Bundled only: an archived version instead of the live blueprint. */
  version?: string;
  /** Git only: this commit instead of the ref's current commit. */
  commit?: string;
}

export async function openBlueprint(source: BlueprintSource, options: OpenOptions): Promise<Blueprint> {
  if (source.kind === "bundled") return openBundled(options.version, options.workspace);
  const recorded = recordedSource(source, options.repository);
  if (source.kind === "dir") return loadBlueprint(await existingFolder(source.path, recorded), recorded);
  const clone = await options.workspace.clone(source.url);
  const commit = options.commit ?? (await resolveCommit(clone, source.url, source.ref));
  let root: string;
  try {
    root = await checkoutCommit(clone, commit, await options.workspace.folder("checkout"));
  } catch {
    throw new UsageError(
      `--blueprint ${recorded}: commit ${commit} is not in that repository (was the history rewritten?)`,
    );
  }
  return loadBlueprint(root, recorded, commit);
}

/** Every version of the bundled blueprint this package can render: the archives plus the live one. */
export async function bundledVersions(): Promise<string[]> {
  const live = await loadBundledBlueprint();
  return sortVersions([...(await archivedVersions(live.name)), live.version]);
}

async function openBundled(version: string | undefined, workspace: BlueprintWorkspace): Promise<Blueprint> {
  const live = await loadBundledBlueprint();
  if (version === undefined || version === live.version) return live;
  const root = await extractRelease(
    BUNDLED_BLUEPRINT,
    version,
    await workspace.folder(`${BUNDLED_BLUEPRINT}-${version}`),
  );
  if (!root) {
    throw new UsageError(
      `the bundled blueprint ${BUNDLED_BLUEPRINT} ${version} is not shipped by this create-mcp-gitops (it has ${(await bundledVersions()).join(", ")})`,
    );
  }
  return loadBlueprint(root, "bundled");
}

/** A blueprint folder must exist and be a real folder: a symlink or a file is refused, never followed. */
async function existingFolder(path: string, shown: string): Promise<string> {
  let info: import("node:fs").Stats;
  try {
    info = await lstat(path);
  } catch {
    throw new UsageError(`--blueprint ${shown}: no such folder (${path})`);
  }
  if (info.isSymbolicLink()) throw new UsageError(`--blueprint ${shown}: is a symbolic link; give the real folder`);
  if (!info.isDirectory()) throw new UsageError(`--blueprint ${shown}: is not a folder`);
  return path;
}

export interface OpenedBlueprint {
  blueprint: Blueprint;
  /** Removes temporary checkouts; call once rendering is done. */
  dispose: () => Promise<void>;
}

/** `create --blueprint <source>`: the bundled blueprint when no source is given, else that folder or git ref. */
export async function openBlueprintSource(
  text: string | undefined,
  repository: string,
  cwd = process.cwd(),
): Promise<OpenedBlueprint> {
  const workspace = new BlueprintWorkspace();
  const dispose = () => workspace.dispose();
  try {
    const source = text === undefined ? ({ kind: "bundled" } as const) : parseBlueprintSource(text, cwd);
    return { blueprint: await openBlueprint(source, { workspace, repository }), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
