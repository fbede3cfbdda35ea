/**
 * Released versions of the bundled blueprint, shipped with the package as `blueprints/releases/<name>-<version>.json.gz`
 * (written by scripts/release-blueprint.mjs from a git revision). Upgrade extracts one into a temporary folder and
 * renders it exactly like the live blueprint, so the merge base is available offline for every released version.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { bundledBlueprintsDir } from "./blueprint.js";
import { safeRelativePath } from "../tree/tree.js";

interface ReleaseArchive {
  name: string;
  version: string;
  /** The git commit the release was archived from. */
  revision: string;
  files: Record<string, string>;
  binary?: Record<string, string>;
  /** Octal modes of executable files ("755"); archives written before modes were kept have none. */
  modes?: Record<string, string>;
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
  return unpackRelease(compressed, { name, version }, into);
}

/** Writes a release archive's files into `into`: text and binary files byte for byte, executables executable. */
export async function unpackRelease(
  compressed: Buffer,
  expected: { name: string; version: string },
  into: string,
): Promise<string> {
  // zlib only here: `create` never opens an archive, and loading zlib would slow every start.
  const { gunzipSync } = await import("node:zlib");
  const archive = JSON.parse(gunzipSync(compressed).toString("utf8")) as ReleaseArchive;
  if (archive.name !== expected.name || archive.version !== expected.version) {
    const file = archiveName(expected.name, expected.version);
    throw new Error(`${file} holds ${archive.name} ${archive.version}; the package is damaged`);
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
    const mode = archive.modes?.[path];
    await writeFile(target, bytes, mode && /^[0-7]{3}$/.test(mode) ? { mode: Number.parseInt(mode, 8) } : undefined);
  }
  return into;
}
