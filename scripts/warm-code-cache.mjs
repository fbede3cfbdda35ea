// Records the V8 code caches shipped beside the bundles (dist/bundle/<name>[-<label>]-<crc32>.v8-<version>-<arch>.cache;
// see bin/code-cache.js): runs representative commands in this one process, then asks V8 for the compiled code of
// each bundle. Run by scripts/bundle-cli.mjs in a fresh Node without extra flags (V8 accepts a cache only under the
// flags that wrote it), once per label: `create` (scaffolds only) and `help` (help and version only), whose caches
// hold only what such runs compile, and once without, every kind of run, for the others.
//   node scripts/warm-code-cache.mjs [create|help]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleLoader, sealed, shippedCacheName } from "../bin/code-cache.js";

const dir = fileURLToPath(new URL("../dist/bundle/", import.meta.url));
const label = process.argv[2];
if (label !== undefined && !["create", "help"].includes(label)) throw new Error(`no warm-up for the label ${label}`);
const bundles = bundleLoader(dir, { userCache: false, shippedCache: false });
const { main } = bundles.load("cli");
const scratch = mkdtempSync(join(tmpdir(), "mcp-gitops-warm-"));
try {
  const pipe = { isTTY: false };
  const run = async (argv, cwd = scratch) => {
    const errors = [];
    const code = await main(argv, {
      stdout: () => undefined,
      stderr: (text) => errors.push(text),
      cwd,
      env: { ...process.env, CI: "true", NO_COLOR: "1" },
      streams: { stdin: pipe, stdout: pipe, stderr: pipe },
    });
    if (code !== 0) throw new Error(`warming the code cache: ${argv.join(" ")} exited ${code}: ${errors.join("")}`);
  };
  if (label !== "create") {
    await run(["--help"]);
    await run(["--version"]);
    await run(["help", "upgrade"]);
  }
  if (label !== "help") {
    await run(["flux-demo", "--yes"]);
    await run(["argocd-demo", "--yes", "--gitops", "argocd"]);
  }
  if (label === undefined) {
    await run(["upgrade", "--check"], join(scratch, "flux-demo"));
    // Compiled at their top level only: what loading them runs.
    bundles.load("delivery");
    bundles.load("interactive");
  }
  for (const [name, { script, checksum }] of bundles.loaded)
    writeFileSync(join(dir, shippedCacheName(name, checksum, label)), sealed(script.createCachedData()));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
