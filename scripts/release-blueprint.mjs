#!/usr/bin/env node
// Archives one released version of the bundled blueprint so `upgrade` can re-render it offline as the merge base.
//
// The archive is read from a git revision (default HEAD), never from the working tree: what was committed is what
// was released, and half-finished edits in the working tree must not leak into a past version. The output is one
// small gzipped JSON file per version, `blueprints/releases/<name>-<version>.json.gz`:
//   { "name", "version", "revision", "files": { "<path inside the blueprint>": "<utf-8 text>" },
//     "binary": { "<path>": "<base64>" } }
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

const projectRoot = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    rev: { type: "string", default: "HEAD" },
    blueprint: { type: "string", default: "mcp-gitops" },
    force: { type: "boolean", default: false },
  },
});

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
const paths = git(["ls-tree", "-r", "-z", "--name-only", revision, "--", prefix]).split("\0").filter(Boolean);
for (const full of paths.sort()) {
  const bytes = git(["show", `${revision}:${full}`], "buffer");
  const rel = full.slice(prefix.length);
  const text = bytes.toString("utf8");
  // Round-trip check: anything that is not valid UTF-8 is kept byte-exact as base64.
  if (Buffer.from(text, "utf8").equals(bytes)) files[rel] = text;
  else binary[rel] = bytes.toString("base64");
}

const outDir = path.join(projectRoot, "blueprints", "releases");
const out = path.join(outDir, `${manifest.name}-${manifest.version}.json.gz`);
if (existsSync(out) && !values.force) {
  throw new Error(
    `${path.relative(projectRoot, out)} exists: a released version never changes (use --force to redo it)`,
  );
}
mkdirSync(outDir, { recursive: true });
const archive = { name: manifest.name, version: manifest.version, revision, files, binary };
writeFileSync(out, gzipSync(JSON.stringify(archive), { level: 9 }));
console.log(`${path.relative(projectRoot, out)}: ${paths.length} files from ${revision.slice(0, 12)}`);
