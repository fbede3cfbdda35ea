#!/usr/bin/env node
// Puts Renovate's own config validator (`renovate-config-validator`, from the `renovate` package) in the tool cache,
// for the test that validates the renovate.json generated repositories ship. The package is about 340 MB with its
// dependencies, so it is not a devDependency: it is installed once per version into the cache outside node_modules
// (scripts/tool-cache.mjs), from the npm registry, with install scripts off, and its tarball's integrity is checked
// against the pin below. Renovate declares Node 24, but its validator runs on Node 20 (its optional re2 only warns).
//
// Run by `npm test` as part of `pretest`. Offline, it warns and leaves the cache as it is: the test then fails and
// says how to fetch it.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { toolCacheDir } from "./tool-cache.mjs";

/** Pinned: a re-published or tampered tarball must not silently become the validator the tests trust. */
export const RENOVATE = {
  version: "44.121.2",
  integrity: "sha512-gNsY+POw2UN3B4e8x0B5UK3onH1qF7wMirKGaUnJcSx3+xEWH4n35RS4rvVEtTIIV/BoZoFbsIo7njTb9Mydxg==",
};

/** Where the pinned version lives in the cache. @param {NodeJS.ProcessEnv} [env] */
export function renovateDir(env = process.env) {
  return path.join(toolCacheDir(env), `renovate-${RENOVATE.version}`);
}

/** The validator's entry point, as the package's `renovate-config-validator` bin names it. */
export function renovateValidator(env = process.env) {
  return path.join(renovateDir(env), "node_modules", "renovate", "dist", "config-validator.js");
}

/** @param {string} file @param {string[]} args @param {import("node:child_process").ExecFileOptions} options */
function run(file, args, options) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024, timeout: 600_000, ...options }, (error) =>
      error ? reject(new Error(`\`${file} ${args.join(" ")}\` failed: ${error.message}`)) : resolve(undefined),
    );
  });
}

/** Installs the pinned renovate into the cache unless it is there; returns the validator's path. */
export async function fetchRenovate(env = process.env) {
  const dir = renovateDir(env);
  const stamp = path.join(dir, "installed");
  if ((await readFile(stamp, "utf8").catch(() => "")) === RENOVATE.integrity) return renovateValidator(env);
  await mkdir(path.dirname(dir), { recursive: true });
  const work = await mkdtemp(`${dir}-work-`);
  try {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    await run(
      npm,
      [
        "install",
        "--prefix",
        work,
        `renovate@${RENOVATE.version}`,
        "--ignore-scripts",
        "--engine-strict=false",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
      ],
      { cwd: work, env: { ...env, npm_config_update_notifier: "false" } },
    );
    const lock = JSON.parse(await readFile(path.join(work, "package-lock.json"), "utf8"));
    const integrity = lock.packages?.["node_modules/renovate"]?.integrity;
    if (integrity !== RENOVATE.integrity)
      throw new Error(`renovate@${RENOVATE.version} has integrity ${integrity}, not the pinned ${RENOVATE.integrity}`);
    await writeFile(path.join(work, "installed"), RENOVATE.integrity);
    await rm(dir, { recursive: true, force: true });
    // rename is atomic: a concurrent reader sees the old folder or the complete new one.
    await rename(work, dir);
    process.stderr.write(`fetch-renovate: installed renovate ${RENOVATE.version} in ${dir}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return renovateValidator(env);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  fetchRenovate().then(
    (validator) => process.stdout.write(`${validator}\n`),
    (error) => {
      process.stderr.write(`fetch-renovate: ${error instanceof Error ? error.message : String(error)}\n`);
      process.stderr.write(
        "fetch-renovate: the renovate.json test fails until `node scripts/fetch-renovate.mjs` succeeds.\n",
      );
    },
  );
}
