/**
 * Each command loads only what it uses (issue 9: start-up time is the modules a command loads). Checked by recording
 * the modules a real run loads and looking at which packages' code their bundle chunks carry: esbuild marks every
 * bundled file with a `// node_modules/<package>/...` line. No timing is asserted.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, tempDir } from "./support/cli.js";

const RECORDER = resolve(import.meta.dirname, "fixtures/record-loads.mjs");

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir("mcp-gitops-lazy-");
});
afterAll(() => dir.cleanup());

/** The packages whose code the modules loaded by `args` carry, and whether everything came from the bundle. */
async function packagesLoadedBy(
  args: string[],
  name: string,
): Promise<{ packages: Set<string>; outsideBundle: string[]; builtins: string[] }> {
  const log = join(dir.path, `${name}.loads`);
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, ["--import", RECORDER, BIN, ...args], {
      cwd: dir.path,
      env: { ...process.env, CI: "true", MCP_GITOPS_LOADS: log },
      stdio: "ignore",
    });
    child.on("exit", done);
  });
  expect(code).toBe(0);
  const loaded = (await readFile(log, "utf8")).split("\n");
  const builtins = loaded.filter((url) => url.startsWith("node:"));
  const urls = loaded.filter((url) => url.startsWith("file:"));
  const files = urls.map((url) => fileURLToPath(url));
  expect(
    files.some((path) => path.endsWith("/dist/bundle/main.js")),
    "the recorder saw the CLI load",
  ).toBe(true);
  const packages = new Set<string>();
  for (const file of files.filter((path) => path.includes("/dist/bundle/"))) {
    for (const match of (await readFile(file, "utf8")).matchAll(/^\/\/ node_modules\/((?:@[^/\n]+\/)?[^/\n]+)\//gm))
      packages.add(match[1]!);
  }
  const outsideBundle = files.filter(
    (path) =>
      !path.includes("/dist/bundle/") && !path.endsWith("/bin/create-mcp-gitops.js") && !path.includes("/blueprints/"),
  );
  return { packages, outsideBundle, builtins };
}

const INTERACTIVE = ["@inquirer/core", "listr2", "log-update"];
const DELIVERY = ["@octokit/core", "@octokit/rest", "simple-git"];

describe("lazy loading", () => {
  it("--help, help <command> and --version load no answers schema, YAML, templates, prompts or GitHub client", async () => {
    for (const args of [["--help"], ["--version"], ["help"], ["help", "upgrade"], ["doctor", "--help"]]) {
      const run = args.join(" ");
      const { packages, outsideBundle } = await packagesLoadedBy(args, args.join("-").replace(/^-+/, ""));
      expect(outsideBundle, run).toEqual([]);
      for (const heavy of ["zod", "yaml", "ejs", ...INTERACTIVE, ...DELIVERY])
        expect(packages.has(heavy), `${run} loads ${heavy}`).toBe(false);
    }
  });

  it("a --yes scaffold loads the schema, YAML and templates, but no prompts, task list or GitHub client", async () => {
    const { packages, outsideBundle, builtins } = await packagesLoadedBy(["demo", "--yes"], "scaffold");
    expect(outsideBundle).toEqual([]);
    // Each pulls in dozens of Node's internal modules: git sources, release archives and the GitHub client need them.
    for (const builtin of ["node:child_process", "node:zlib", "node:crypto", "node:net", "node:https"])
      expect(builtins).not.toContain(builtin);
    for (const needed of ["zod", "yaml", "ejs"]) expect(packages.has(needed), `loads ${needed}`).toBe(true);
    for (const heavy of [...INTERACTIVE, ...DELIVERY]) expect(packages.has(heavy), `loads ${heavy}`).toBe(false);
  });
});
