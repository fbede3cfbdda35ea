#!/usr/bin/env node
// Archives one released version of the bundled blueprint so `upgrade` can re-render it offline as the merge base.
//
// The archive is read from a git revision (default HEAD), never from the working tree: what was committed is what
// was released, and half-finished edits in the working tree must not leak into a past version. The output is one
// small gzipped JSON file per version, `blueprints/releases/<name>-<version>.json.gz`:
//   { "name", "version", "revision", "files": { "<path inside the blueprint>": "<utf-8 text>" },
//     "binary": { "<path>": "<base64>" }, "modes": { "<path of an executable file>": "755" } }
// A compressed single file keeps git diffs and the npm package small (no duplicated trees).
//
// Usage: node scripts/release-blueprint.mjs [--rev <git revision>] [--blueprint mcp-gitops] [--force]
//   (also `npm run blueprint:release`). The version is read from blueprint.yaml at that revision.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { parse } from "yaml";

const { values } = parseArgs({
  options: {
    rev: { type: "string", default: "HEAD" },
    blueprint: { type: "string", default: "mcp-gitops" },
    force: { type: "boolean", default: false },
    // The repository to read from (default: this project); tests archive a blueprint of their own.
    root: { type: "string" },
  },
});
const projectRoot = values.root ? path.resolve(values.root) : fileURLToPath(new URL("..", import.meta.url));

function git(args, encoding = "utf8") {
  return execFileSync("git", ["-C", projectRoot, ...args], { encoding, maxBuffer: 64 * 1024 * 1024 });
}

const prefix = `blueprints/${values.blueprint}/`;
const revision = git(["rev-parse", `${values.rev}^{commit}`]).trim();
const manifest = parse(git(["show", `${revision}:${prefix}blueprint.yaml`]));
if (typeof manifest?.name !== "string" || typeof manifest?.version !== "string") {
  throw new Error(`${prefix}blueprint.yaml at ${revision} gives no name and version`);
}

const files = {};
const binary = {};
const modes = {};
// `<mode> <type> <object>\t<path>` per entry; 100755 is an executable file, which must stay executable.
const entries = git(["ls-tree", "-r", "-z", revision, "--", prefix])
  .split("\0")
  .filter(Boolean)
  .map((line) => ({ mode: line.slice(0, line.indexOf(" ")), full: line.slice(line.indexOf("\t") + 1) }));
for (const { mode, full } of entries.sort((a, b) => (a.full < b.full ? -1 : a.full > b.full ? 1 : 0))) {
  const bytes = git(["show", `${revision}:${full}`], "buffer");
  const rel = full.slice(prefix.length);
  const text = bytes.toString("utf8");
  // Round-trip check: anything that is not valid UTF-8 is kept byte-exact as base64.
  if (Buffer.from(text, "utf8").equals(bytes)) files[rel] = text;
  else binary[rel] = bytes.toString("base64");
  if (mode === "100755") modes[rel] = "755";
}

const outDir = path.join(projectRoot, "blueprints", "releases");
const out = path.join(outDir, `${manifest.name}-${manifest.version}.json.gz`);
if (existsSync(out) && !values.force) {
  throw new Error(
    `${path.relative(projectRoot, out)} exists: a released version never changes (use --force to redo it)`,
  );
}
mkdirSync(outDir, { recursive: true });
const archive = { name: manifest.name, version: manifest.version, revision, files, binary, modes };
writeFileSync(out, gzipSync(JSON.stringify(archive), { level: 9 }));
console.log(`${path.relative(projectRoot, out)}: ${entries.length} files from ${revision.slice(0, 12)}`);
