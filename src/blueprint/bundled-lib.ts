/**
 * The bundled blueprint's `lib/*.mjs` as the CLI's build bundled them (`dist/bundle/blueprint.cjs`, see
 * scripts/bundle-cli.mjs): one script that bin/code-cache.js runs with a V8 code cache, instead of Node's ES module
 * loader resolving, reading and compiling two dozen files on every run (about 8 ms of a scaffold; issue 23). Its
 * templates likewise (`dist/bundle/templates.cjs`), compiled by the build: compiling them was the largest part of
 * rendering a scaffold.
 *
 * Used only where it is the same code: in the CLI's bundle (which provides `__cmgLoad`), for a blueprint whose
 * `lib/` holds exactly the files the bundle was built from, byte for byte (CRC-32 of each, as the bundle records
 * them), so an edited blueprint or a folder of one's own is always imported as it is on disk. Anything else —
 * tests and the library importing `dist/`, a missing or older bundle — imports the files.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/** What scripts/bundle-cli.mjs puts in blueprint.cjs. */
interface BundledLib {
  /** `lib/<file>.mjs` → the module's exports. */
  modules: Record<string, unknown>;
  /** `lib/<file>.mjs` → CRC-32 of the bytes it was built from. */
  checksums: Record<string, number>;
}

/** The loader of the CLI's other bundles: a parameter of the bundle's wrapper (bin/code-cache.js), else undeclared. */
declare const __cmgLoad: ((name: string) => unknown) | undefined;

/** Per blueprint root: the bundled modules, or null when the files on disk are not what the bundle holds. */
const verdicts = new Map<string, Record<string, unknown> | null>();

/** The module `file` (`lib/<name>.mjs`) of the blueprint at `root` from the bundle, or undefined: import it. */
export function bundledModule(root: string, file: string): unknown {
  if (typeof __cmgLoad !== "function" || !file.startsWith("lib/")) return undefined;
  let modules = verdicts.get(root);
  if (modules === undefined) {
    modules = matching(root);
    verdicts.set(root, modules);
  }
  return modules?.[file];
}

function matching(root: string): Record<string, unknown> | null {
  try {
    const lib = (__cmgLoad as (name: string) => BundledLib)("blueprint");
    const names = readdirSync(join(root, "lib")).filter((name) => name.endsWith(".mjs"));
    const expected = Object.keys(lib.checksums);
    if (names.length !== expected.length) return null;
    for (const name of names) {
      const file = `lib/${name}`;
      if (lib.checksums[file] !== crc32(readFileSync(join(root, file)))) return null;
    }
    return lib.modules;
  } catch {
    return null; // no bundle (a build without it), unreadable files: import them
  }
}

/** A template compiled by the build: EJS's function of (locals, escapeFn, include, rethrow), without line tracking. */
export type PrecompiledTemplate = (
  locals: Record<string, unknown>,
  escapeFn: (value: unknown) => string,
  include: undefined,
  rethrow: undefined,
) => string;

interface BundledTemplates {
  /** `files/<layer>/<path>.ejs` → its compiled function. */
  templates: Record<string, PrecompiledTemplate>;
  /** `files/<layer>/<path>.ejs` → CRC-32 of the text it was compiled from. */
  checksums: Record<string, number>;
}

let templates: BundledTemplates | null | undefined;

/**
 * The build's compiled function of the template `key` (`files/<layer>/<path>.ejs`) of the bundled blueprint, when
 * `text` is exactly what it was compiled from; else undefined: compile the text.
 */
export function bundledTemplate(key: string, text: string): PrecompiledTemplate | undefined {
  if (typeof __cmgLoad !== "function") return undefined;
  if (templates === undefined) {
    try {
      templates = (__cmgLoad as (name: string) => BundledTemplates)("templates");
    } catch {
      templates = null; // a build without templates.cjs
    }
  }
  const compiled = templates?.templates[key];
  if (!compiled) return undefined;
  return templates!.checksums[key] === crc32(text) ? compiled : undefined;
}

/** zlib's CRC-32, as the build recorded it; node:zlib is loaded already by bin/code-cache.js, the one user of this. */
function crc32(data: string | Buffer): number {
  zlib ??= createRequire(import.meta.url)("node:zlib") as typeof import("node:zlib");
  return zlib.crc32(data);
}

let zlib: typeof import("node:zlib") | undefined;
