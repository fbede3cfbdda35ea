/**
 * The code cache the binary runs its bundles with (bin/code-cache.js; issue 23): which cache files are trusted, that
 * a bad or unusable cache only costs time, and how the user's cache is written. The loader runs on a small bundle of
 * the same shape as dist/bundle/*.cjs, each run in a process of its own as the binary's runs are (within one
 * process V8 reuses what it compiled and never reads the cache again); the last test runs the real binary. No timing
 * is asserted.
 */
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { COMMANDS } from "../src/cli/commands.js";
import { runCli, tempDir } from "./support/cli.js";

const LOADER = resolve(import.meta.dirname, "../bin/code-cache.js");
// CommonJS, as the binary loads it.
const { labelOf, sealed, userCacheDir } = createRequire(import.meta.url)(LOADER) as {
  labelOf(argv: string[]): string;
  sealed(payload: Buffer): Buffer;
  userCacheDir(env: NodeJS.ProcessEnv): string | undefined;
};

/** A bundle as scripts/bundle-cli.mjs writes them: one function taking the wrapper's parameters. */
function bundleSource(value: number): string {
  const body = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join("\n");
  return `(function (exports, require, module, __filename, __dirname, __cmgImport, __cmgLoad) {\n${body}\nmodule.exports.value = f0(${value});\n})`;
}

const scratch = await tempDir("mcp-gitops-code-cache-");
afterAll(() => scratch.cleanup());
let round = 0;
let bundles: string;
let env: NodeJS.ProcessEnv;
let cacheDir: string;

beforeEach(() => {
  const root = join(scratch.path, `case-${++round}`);
  bundles = join(root, "bundle");
  mkdirSync(bundles, { recursive: true });
  writeFileSync(join(bundles, "cli.cjs"), bundleSource(42));
  env = { XDG_CACHE_HOME: join(root, "xdg") };
  cacheDir = join(root, "xdg", "create-mcp-gitops");
});

interface Loaded {
  value: number;
  accepted: boolean;
  cachePath?: string;
}

/**
 * One run of the binary's loader in a new process: load the bundle, then save caches as the binary does when the
 * command ends. `record` writes the shipped cache instead, as scripts/warm-code-cache.mjs does.
 */
function run(
  options: { label?: string; shippedCache?: boolean; userCache?: boolean; record?: boolean; recordLabel?: string } = {},
): Loaded {
  const program = `
    const { join } = require("node:path");
    const { writeFileSync } = require("node:fs");
    const { bundleLoader, sealed, shippedCacheName } = require(${JSON.stringify(LOADER)});
    const [dir, options] = JSON.parse(process.argv[1]);
    const loader = bundleLoader(dir, options);
    const { value } = loader.load("cli");
    const { script, checksum, cachePath, accepted } = loader.loaded.get("cli");
    if (options.record)
      writeFileSync(join(dir, shippedCacheName("cli", checksum, options.recordLabel)), sealed(script.createCachedData()));
    else loader.saveCaches();
    process.stdout.write(JSON.stringify({ value, accepted, cachePath }));`;
  const output = execFileSync(process.execPath, ["-e", program, JSON.stringify([bundles, { env, ...options }])], {
    encoding: "utf8",
  });
  return JSON.parse(output) as Loaded;
}

/** Runs once without a cache, so the user's cache is written; returns its path. */
function writtenCache(): string {
  const first = run();
  expect(first.accepted).toBe(false);
  return first.cachePath!;
}

describe("the user's code cache", () => {
  it("is written after a run without one, mode 0600 in a 0700 folder under XDG_CACHE_HOME, and used next time", () => {
    const path = writtenCache();
    expect(path.startsWith(`${cacheDir}/cli-run-`)).toBe(true);
    expect(lstatSync(path).mode & 0o777).toBe(0o600);
    expect(lstatSync(cacheDir).mode & 0o777).toBe(0o700);
    // Renamed into place: no temporary file is left.
    expect(readdirSync(cacheDir)).toEqual([path.slice(cacheDir.length + 1)]);
    const second = run();
    expect(second).toMatchObject({ accepted: true, cachePath: path, value: 42 });
  });

  it("lives under $XDG_CACHE_HOME when it is absolute, else ~/.cache", () => {
    expect(userCacheDir({ XDG_CACHE_HOME: "/x/cache" })).toBe("/x/cache/create-mcp-gitops");
    expect(userCacheDir({ XDG_CACHE_HOME: "relative/cache" })).toBe(join(homedir(), ".cache", "create-mcp-gitops"));
    expect(userCacheDir({})).toBe(join(homedir(), ".cache", "create-mcp-gitops"));
  });

  it("is replaced, never written over in place, when damaged or when V8 rejects it; the run goes on", () => {
    const path = writtenCache();
    const valid = readFileSync(path);
    const flipped = Buffer.from(valid);
    flipped[flipped.length - 100]! ^= 0xff;
    const corruptions = [
      Buffer.alloc(0),
      valid.subarray(0, valid.length >> 1),
      // V8 checks neither of these itself (its headers are intact) and would abort the process on the first.
      Buffer.concat([valid.subarray(0, 72), Buffer.alloc(valid.length - 72, 0xff)]),
      flipped,
      // Whole, but not a code cache at all: V8 rejects it.
      sealed(Buffer.alloc(valid.length, 0x5a)),
    ];
    for (const corrupt of corruptions) {
      writeFileSync(path, corrupt, { mode: 0o600 });
      const inode = lstatSync(path).ino;
      const rejected = run();
      expect(rejected).toMatchObject({ accepted: false, value: 42 });
      expect(lstatSync(path).ino).not.toBe(inode);
      expect(run().accepted).toBe(true);
    }
  });

  it("is ignored when group- or world-writable, a symbolic link, a FIFO or a folder; the run goes on", () => {
    const path = writtenCache();
    const valid = readFileSync(path);
    for (const mode of [0o620, 0o602]) {
      writeFileSync(path, valid);
      chmodSync(path, mode);
      expect(run()).toMatchObject({ accepted: false, value: 42 });
      // The rejected file is replaced by one of the run's own.
      expect(lstatSync(path).mode & 0o777).toBe(0o600);
    }
    const elsewhere = join(bundles, "..", "valid.cache");
    writeFileSync(elsewhere, valid, { mode: 0o600 });
    for (const plant of [
      () => symlinkSync(elsewhere, path),
      () => execFileSync("mkfifo", ["-m", "600", path]),
      () => mkdirSync(path),
    ]) {
      rmSync(path, { recursive: true, force: true });
      plant();
      // Not read: a FIFO would block the open, a link or folder is not the user's file. A folder also stays.
      expect(run()).toMatchObject({ accepted: false, value: 42 });
    }
  });

  it.skipIf(process.getuid?.() !== 0)("is ignored when another user owns it", () => {
    const path = writtenCache();
    chownSync(path, 1, 1);
    expect(run()).toMatchObject({ accepted: false, value: 42 });
    expect(lstatSync(path).uid).toBe(0);
  });

  it("is never used for edited code, even of the same length", () => {
    writtenCache();
    writeFileSync(join(bundles, "cli.cjs"), bundleSource(43));
    const edited = run();
    expect(edited).toMatchObject({ accepted: false, value: 43 });
    expect(run()).toMatchObject({ accepted: true, value: 43 });
  });

  it("costs only time when it cannot be written", () => {
    writeFileSync(join(bundles, "..", "not-a-folder"), "");
    env = { XDG_CACHE_HOME: join(bundles, "..", "not-a-folder") };
    expect(run()).toMatchObject({ accepted: false, value: 42 });
    expect(run().accepted).toBe(false);
  });

  it("is kept per kind of run, so a run that compiled little does not stand in for a scaffold", () => {
    const help = run({ label: "help" });
    const create = run({ label: "create" });
    expect(create.accepted).toBe(false);
    expect(create.cachePath).not.toBe(help.cachePath);
    expect(run({ label: "help" }).accepted).toBe(true);
  });
});

describe("the cache shipped beside the bundle", () => {
  it("is used for the bundle it was recorded from, and never after the bundle changed", () => {
    expect(run({ record: true, userCache: false, shippedCache: false }).accepted).toBe(false);
    expect(run({ userCache: false })).toMatchObject({ accepted: true, value: 42 });
    // The user's cache is not written while the shipped one serves.
    expect(run()).toMatchObject({ accepted: true, value: 42 });
    expect(() => readdirSync(cacheDir)).toThrow(/ENOENT/);
    writeFileSync(join(bundles, "cli.cjs"), bundleSource(43));
    expect(run({ userCache: false })).toMatchObject({ accepted: false, value: 43 });
  });

  it("recorded for a kind of run serves that kind; the one from every kind serves the others", () => {
    const none = { userCache: false, shippedCache: false };
    expect(run({ ...none, record: true, recordLabel: "create" }).accepted).toBe(false);
    expect(run({ userCache: false, label: "create" })).toMatchObject({ accepted: true, value: 42 });
    expect(run({ userCache: false, label: "help" }).accepted).toBe(false);
    run({ ...none, record: true });
    expect(run({ userCache: false, label: "help" })).toMatchObject({ accepted: true, value: 42 });
    expect(run({ userCache: false, label: "create" })).toMatchObject({ accepted: true, value: 42 });
  });
});

describe("the kind of run", () => {
  it("is the command, `help` for help and version, `create` for a folder", () => {
    for (const word of Object.keys(COMMANDS)) expect(labelOf([word, "--yes"])).toBe(word);
    expect(labelOf(["demo", "--yes"])).toBe("create");
    expect(labelOf([])).toBe("create");
    for (const argv of [["--help"], ["-h"], ["--version"], ["-v"], ["help", "upgrade"], ["upgrade", "--help"]])
      expect(labelOf(argv)).toBe("help");
    expect(labelOf(["create", "--", "--help"])).toBe("create");
    expect(labelOf(["add", "server", "--name", "help"])).toBe("add");
  });
});

describe("the binary", () => {
  // V8 flags the build did not run with: the shipped cache is rejected, as on a user's Node of another version.
  const flags = { NODE_OPTIONS: "--max-old-space-size=512" };

  it("writes the user's cache for each kind of run, uses it, and runs on when it is corrupt", async () => {
    const dir = await tempDir("mcp-gitops-code-cache-bin-");
    try {
      const cache = join(dir.path, "xdg", "create-mcp-gitops");
      const run = (args: string[]) =>
        runCli(args, { cwd: dir.path, env: { ...flags, XDG_CACHE_HOME: join(dir.path, "xdg") } });
      // A failed run writes none: it compiled too little of its command.
      expect((await run(["demo", "--port", "none"])).code).toBe(2);
      expect(() => readdirSync(cache)).toThrow(/ENOENT/);
      const version = await run(["--version"]);
      expect(version.code).toBe(0);
      expect(readdirSync(cache)).toEqual([expect.stringMatching(/^cli-help-[0-9a-f]{8}-[0-9a-f]{8}\.cache$/)]);
      const scaffold = await run(["demo", "--yes"]);
      expect(scaffold.code).toBe(0);
      const files = readdirSync(cache).sort();
      expect(files).toEqual([
        expect.stringMatching(/^blueprint-create-/),
        expect.stringMatching(/^cli-create-/),
        expect.stringMatching(/^cli-help-/),
        expect.stringMatching(/^templates-create-/),
      ]);
      for (const file of files) expect(lstatSync(join(cache, file)).mode & 0o777).toBe(0o600);
      for (const file of files) {
        const bytes = readFileSync(join(cache, file));
        writeFileSync(join(cache, file), bytes.subarray(0, bytes.length >> 1));
      }
      expect(await run(["--version"])).toEqual(version);
      const again = await run(["demo2", "--yes"]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/Done: demo2 \(created \d+/);
    } finally {
      await dir.cleanup();
    }
  });
});
