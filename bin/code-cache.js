/**
 * Runs the CLI's bundles (dist/bundle/<name>.cjs, written by scripts/bundle-cli.mjs) as scripts compiled with a V8
 * code cache, so a run deserialises compiled functions instead of parsing and compiling ~2 MB of JavaScript (Node 20
 * has no compile cache of its own; issue 23).
 *
 * Where a cache comes from, first that applies:
 *   1. the user's own cache: `$XDG_CACHE_HOME/create-mcp-gitops/` (else `~/.cache/create-mcp-gitops/`), one file per
 *      bundle and kind of run (`label`: what a run compiles depends on its command), keyed by the bundle's content,
 *      the Node version and the flags V8 runs with;
 *   2. the cache shipped in the package, recorded at build time by scripts/warm-code-cache.mjs from representative
 *      commands; its name holds the bundle's checksum and the V8 version and architecture that can read it, and,
 *      for scaffolds and help, the kind of run (recorded from those runs alone), else none (from every kind);
 *   3. none: V8 compiles from source, and when the command has finished the user's cache is written for next time.
 * Anything failing here (unreadable, unwritable, rejected by V8) only costs time, never the command.
 *
 * Why the user's own directory: a code cache is compiled code that V8 runs as it is. V8 checks only that it was
 * written by the same V8 with the same flags for a source of the same *length*, not the source's content; whoever
 * can write a cache file can run code as the user who loads it. So the cache is read only from a regular file of this
 * user's that nobody else may write (written 0600, in a directory made 0700): never a shared /tmp, never the
 * installed package at run time (read-only, or shared by every user of a global install). The shipped cache is as
 * trusted as the package's own code beside it. And because V8 compares lengths only, both caches are named after
 * the bundle's CRC-32 (zlib's, well under a millisecond), so an edited or rebuilt bundle never meets a cache of other
 * code. V8 does not checksum a cache's contents outside debug builds (a damaged one can abort the process), so each
 * file carries its own CRC-32 and length (sealed/unsealed), and is written under a temporary name and renamed into
 * place.
 */
"use strict";
const fs = require("node:fs");
const { createRequire } = require("node:module");
const { homedir } = require("node:os");
const { dirname, isAbsolute, join } = require("node:path");
const { Script } = require("node:vm");
const { crc32 } = require("node:zlib");

/** User caches under another key not written for this long (another version, another Node) are pruned on a write. */
const STALE_MS = 30 * 24 * 3600 * 1000;

/**
 * Loads the bundles in `dir`. `load(name)` runs a bundle once and returns its exports; `saveCaches()` writes the
 * user's cache of every bundle that ran without an accepted cache.
 * @param {string} dir
 * @param {{ label?: string, env?: NodeJS.ProcessEnv, userCache?: boolean, shippedCache?: boolean }} [options]
 *   `label` names the kind of run; the build's warm-up turns both caches off.
 */
function bundleLoader(dir, options = {}) {
  const { label = "run", env = process.env } = options;
  const userDir = options.userCache === false ? undefined : userCacheDir(env);
  /** @type {Map<string, { exports: any, script: import("node:vm").Script, checksum: string, key: string, cachePath?: string, accepted: boolean }>} */
  const loaded = new Map();

  /** @param {string} name */
  function load(name) {
    const known = loaded.get(name);
    if (known) return known.exports;
    const file = join(dir, `${name}.cjs`);
    const bytes = fs.readFileSync(file);
    const checksum = hex(crc32(bytes));
    const key = `${checksum}-${hex(crc32(runtimeOf(env)))}`;
    const cachePath = userDir && join(userDir, `${name}-${label}-${key}.cache`);
    const cachedData = unsealed(
      (cachePath && readOwnFile(cachePath)) ??
        (options.shippedCache === false
          ? undefined
          : (readOrNothing(join(dir, shippedCacheName(name, checksum, label))) ??
            readOrNothing(join(dir, shippedCacheName(name, checksum))))),
    );
    // The build keeps bundles ASCII, so latin1 decodes them as UTF-8 would, into a one-byte string, faster.
    const script = new Script(bytes.toString("latin1"), { filename: file, cachedData });
    const accepted = cachedData !== undefined && !script.cachedDataRejected;
    const entry = { exports: undefined, script, checksum, key, cachePath, accepted };
    loaded.set(name, entry);
    const module = { exports: {} };
    // The wrapper's parameters, as scripts/bundle-cli.mjs declares them. import() of a computed path (the
    // blueprint's lib/*.mjs) runs here: a script compiled with a code cache has no dynamic-import hook of its own.
    const importHere = (/** @type {string} */ specifier) => import(specifier);
    script.runInThisContext()(module.exports, createRequire(file), module, file, dir, importHere, load);
    entry.exports = module.exports;
    return module.exports;
  }

  function saveCaches() {
    for (const [name, { script, key, cachePath, accepted }] of loaded) {
      if (accepted || !cachePath) continue;
      try {
        writeAtomically(cachePath, sealed(script.createCachedData()));
        prune(cachePath, name, key);
      } catch {
        // A cache is an optimisation: a read-only or full disk must not fail a command that has succeeded.
      }
    }
  }

  return { load, saveCaches, loaded };
}

/** The words of src/cli/commands.ts's COMMANDS (test/code-cache.test.ts compares them); anything else is `create`. */
const COMMAND_WORDS = ["create", "upgrade", "add", "remove", "doctor"];
const HELP_FLAGS = ["--help", "-h", "--version", "-v"];

/**
 * The kind of run, which names the user's cache: runs of different commands compile different code, and a cache
 * written by `--help` (which compiles little) would leave every later scaffold compiling from source.
 * @param {string[]} argv
 */
function labelOf(argv) {
  const options = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  if (argv[0] === "help" || options.some((arg) => HELP_FLAGS.includes(arg))) return "help";
  return COMMAND_WORDS.includes(argv[0] ?? "") ? argv[0] : "create";
}

/**
 * The cache the build's warm-up writes beside a bundle: for this content, readable by this V8 only. With a `label`,
 * recorded from that kind of run alone (a scaffold deserialises only what scaffolds compiled, a few milliseconds
 * less); without, from every kind, for the others.
 * @param {string} name
 * @param {string} checksum
 * @param {string} [label]
 */
function shippedCacheName(name, checksum, label) {
  return `${name}-${label ? `${label}-` : ""}${checksum}.v8-${process.versions.v8}-${process.arch}.cache`;
}

/** `$XDG_CACHE_HOME/create-mcp-gitops` (an absolute XDG_CACHE_HOME only, as the spec says), else ~/.cache/…. */
function userCacheDir(/** @type {NodeJS.ProcessEnv} */ env) {
  try {
    const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
    return join(base, "create-mcp-gitops");
  } catch {
    return undefined; // no home directory: no user cache
  }
}

/**
 * What a compiled cache depends on besides the bundle: the Node (so V8) version and the flags V8 runs with. A cache
 * written under other flags is rejected, so two flag sets sharing one file would rewrite it on every run.
 */
function runtimeOf(/** @type {NodeJS.ProcessEnv} */ env) {
  return [process.version, process.arch, process.execArgv.join(" "), env.NODE_OPTIONS ?? ""].join("\0");
}

/** A cache file: its payload's CRC-32 and length (8 bytes, which keeps the payload aligned as V8 wants), then it. */
function sealed(/** @type {Buffer} */ payload) {
  const header = Buffer.alloc(8);
  header.writeUInt32LE(crc32(payload), 0);
  header.writeUInt32LE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** The payload of a cache file, if it is whole. */
function unsealed(/** @type {Buffer | undefined} */ file) {
  if (file === undefined || file.length < 8) return undefined;
  const payload = file.subarray(8);
  return file.readUInt32LE(4) === payload.length && file.readUInt32LE(0) === crc32(payload) ? payload : undefined;
}

function hex(/** @type {number} */ value) {
  return value.toString(16).padStart(8, "0");
}

/**
 * The cache file, if it is a regular file of this user's that nobody else may write. Opened without following a
 * symbolic link, and without blocking: opening a FIFO for reading would wait for a writer.
 */
function readOwnFile(/** @type {string} */ path) {
  const { O_RDONLY, O_NOFOLLOW = 0, O_NONBLOCK = 0 } = fs.constants;
  let fd;
  try {
    fd = fs.openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    const stat = fs.fstatSync(fd);
    const uid = process.getuid?.();
    if (!stat.isFile() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) return undefined;
    return fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function readOrNothing(/** @type {string} */ path) {
  try {
    return fs.readFileSync(path);
  } catch {
    return undefined;
  }
}

function writeAtomically(/** @type {string} */ path, /** @type {Buffer} */ data) {
  fs.mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Unique even between processes of one PID in different containers sharing the directory.
  const temporary = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(temporary, data, { mode: 0o600, flag: "wx" });
    fs.renameSync(temporary, path);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Removes this bundle's caches under other keys (other versions of the package, other Node versions or flags), and
 * temporary files a killed run left, once they have not been written for a month. Caches under the current key are
 * kept however old: an accepted cache is never rewritten.
 */
function prune(/** @type {string} */ kept, /** @type {string} */ name, /** @type {string} */ key) {
  const dir = dirname(kept);
  for (const file of fs.readdirSync(dir)) {
    if (!file.startsWith(`${name}-`) || file.endsWith(`-${key}.cache`)) continue;
    if (!file.endsWith(".cache") && !file.endsWith(".tmp")) continue;
    try {
      const path = join(dir, file);
      if (Date.now() - fs.lstatSync(path).mtimeMs > STALE_MS) fs.unlinkSync(path);
    } catch {}
  }
}

module.exports = { bundleLoader, labelOf, sealed, shippedCacheName, userCacheDir };
