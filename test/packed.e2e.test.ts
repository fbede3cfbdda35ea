/**
 * The package as users get it: `npm pack`, then `npm install -g` of the tarball into a temporary prefix (the
 * dependencies come from npm's cache when it has them, else the registry), with no warning a user cannot act on, and
 * the installed binary runs --version, --help, a scaffold and `upgrade --check`.
 */
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./support/cli.js";

const ROOT = resolve(import.meta.dirname, "..");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * npm and the installed binary run with a clean environment: none of the npm_* settings `npm test` exports, and no
 * NODE_OPTIONS (V8 flags there would make V8 reject the code cache shipped in the package).
 */
function run(file: string, args: string[], cwd: string): Promise<Run> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== "NODE_OPTIONS"),
  );
  return new Promise((done) => {
    execFile(
      file,
      args,
      // A cache directory of the test's own: the binary writes its code cache there when the shipped one is unusable.
      {
        cwd,
        env: { ...env, CI: "true", NO_COLOR: "1", XDG_CACHE_HOME: join(dir.path, ".user-cache") },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 300_000,
      },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

let dir: { path: string; cleanup: () => Promise<void> };
let tarball: string;
let install: Run;
let bin: string;

beforeAll(async () => {
  dir = await tempDir("mcp-gitops-packed-");
  // dist/ is built by `npm test`'s pretest; prepack would build it again.
  const pack = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir.path], ROOT);
  expect(pack.code, pack.stderr).toBe(0);
  const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(dir.path, packed!.filename);
  const files = packed!.files.map((file) => file.path);
  expect(files).toEqual(
    expect.arrayContaining([
      "LICENSE",
      "bin/create-mcp-gitops.js",
      "bin/code-cache.js",
      "bin/package.json",
      "dist/bundle/cli.cjs",
      "dist/bundle/delivery.cjs",
      "dist/bundle/interactive.cjs",
    ]),
  );
  // The V8 code caches recorded at build time, for the V8 that built it (bin/code-cache.js): one from every kind of
  // run, and scaffolds' and help's own.
  const shipped = `.v8-${process.versions.v8}-${process.arch}.cache`;
  const caches = files.filter((path) => path.startsWith("dist/bundle/cli-") && path.endsWith(shipped));
  expect(caches.map((path) => path.replace(/[0-9a-f]{8}\.v8-.*$/, "")).sort()).toEqual([
    "dist/bundle/cli-",
    "dist/bundle/cli-create-",
    "dist/bundle/cli-help-",
  ]);
  expect(files).toEqual(expect.arrayContaining(["dist/bundle/blueprint.cjs", "dist/bundle/templates.cjs"]));
  expect(files.filter((path) => path.startsWith("test/") || path.startsWith("src/"))).toEqual([]);
  const prefix = join(dir.path, "prefix");
  install = await run(
    "npm",
    ["install", "--global", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", tarball],
    dir.path,
  );
  bin = join(prefix, "bin", "create-mcp-gitops");
}, 600_000);
afterAll(() => dir?.cleanup());

describe("the packed package, installed globally", () => {
  it("installs without warnings: no engine mismatch, no install script to approve", () => {
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).not.toMatch(/EBADENGINE|install-scripts|deprecated/);
  });

  it("runs --version and --help", async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
    expect(await run(bin, ["--version"], dir.path)).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    const help = await run(bin, ["--help"], dir.path);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^create-mcp-gitops — scaffold a GitOps repository/);
  });

  it("scaffolds a repository, and upgrade --check finds it up to date", async () => {
    const scaffold = await run(bin, ["demo", "--yes", "--repository", "acme/demo"], dir.path);
    expect(scaffold.stderr).toBe("");
    expect(scaffold.code).toBe(0);
    expect(scaffold.stdout).toMatch(/Done: demo \(created \d+/);
    const check = await run(bin, ["upgrade", "--check"], join(dir.path, "demo"));
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^Up to date: mcp-gitops /);
  });

  it("runs on the code cache shipped in the package: it writes no cache of its own", async () => {
    expect((await run(bin, ["--version"], dir.path)).code).toBe(0);
    await expect(readdir(join(dir.path, ".user-cache"))).rejects.toThrow(/ENOENT/);
  });
});
