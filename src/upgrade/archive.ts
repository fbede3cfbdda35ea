/**
 * Released versions of the bundled blueprint, shipped with the package as `blueprints/releases/<name>-<version>.json.gz`
 * (written by scripts/release-blueprint.mjs from a git revision). Upgrade extracts one into a temporary folder and
 * renders it exactly like the live blueprint, so the merge base is available offline for every released version.
 */
import { readdir, readFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { bundledBlueprintsDir } from "../blueprint/blueprint.js";
import { safeRelativePath } from "../tree/tree.js";

interface ReleaseArchive {
  name: string;
  version: string;
  /** The git commit the release was archived from. */
  revision: string;
  files: Record<string, string>;
  binary?: Record<string, string>;
}

export function releasesDir(): string {
  return join(bundledBlueprintsDir(), "releases");
}

function archiveName(name: string, version: string): string {
  return `${name}-${version}.json.gz`;
}

/** Versions of `name` that the package ships as archives (the live blueprint's own version is not among them). */
export async function archivedVersions(name: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(releasesDir());
  } catch {
    return [];
  }
  const prefix = `${name}-`;
  return entries
    .filter((entry) => entry.startsWith(prefix) && entry.endsWith(".json.gz"))
    .map((entry) => entry.slice(prefix.length, -".json.gz".length));
}

/**
 * Writes the archived blueprint into `into` and returns that folder, or undefined when the package does not ship
 * that version. Paths inside the archive go through the same checks as rendered paths: an archive is data too.
 */
export async function extractRelease(name: string, version: string, into: string): Promise<string | undefined> {
  let compressed: Buffer;
  try {
    compressed = await readFile(join(releasesDir(), archiveName(name, version)));
  } catch {
    return undefined;
  }
  // zlib only here: `create` never opens an archive, and loading zlib would slow every start.
  const { gunzipSync } = await import("node:zlib");
  const archive = JSON.parse(gunzipSync(compressed).toString("utf8")) as ReleaseArchive;
  if (archive.name !== name || archive.version !== version) {
    throw new Error(`${archiveName(name, version)} holds ${archive.name} ${archive.version}; the package is damaged`);
  }
  const contents: [string, Buffer][] = [
    ...Object.entries(archive.files).map(([path, text]): [string, Buffer] => [path, Buffer.from(text, "utf8")]),
    ...Object.entries(archive.binary ?? {}).map(([path, base64]): [string, Buffer] => [
      path,
      Buffer.from(base64, "base64"),
    ]),
  ];
  for (const [path, bytes] of contents) {
    const target = join(into, safeRelativePath(path));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  return into;
}
