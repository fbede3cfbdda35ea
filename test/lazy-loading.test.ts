/**
 * Each command loads only what it uses (issue 9: start-up time is the modules a command loads). The CLI is one
 * bundled script (issue 23), so "loads" means "initialises": esbuild wraps every bundled module in a lazy init
 * function named after the module's path, and a recorder preloaded into the real binary (fixtures/record-loads.mjs)
 * reports which of them ran, from V8's coverage counts, along with the scripts compiled and Node's built-ins loaded.
 * No timing is asserted.
 */
import { spawn } from "node:child_process";
import { cp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, tempDir } from "./support/cli.js";

const RECORDER = resolve(import.meta.dirname, "fixtures/record-loads.mjs");
const PACKAGE = resolve(import.meta.dirname, "..");

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir("mcp-gitops-lazy-");
});
afterAll(() => dir.cleanup());

interface Loads {
  /** The packages (and our own modules, as `dist/...`) whose bundled code ran. */
  packages: Set<string>;
  ownModules: string[];
  /** Which of dist/bundle/*.cjs were compiled. */
  bundles: string[];
  /** Files compiled from outside the bundles, bin/ and the blueprint's lib/. */
  outsideBundle: string[];
  /** The blueprint's own files compiled (its lib/*.mjs when imported, not taken from blueprint.cjs). */
  blueprintFiles: string[];
  builtins: string[];
}

async function loadsOf(args: string[], name: string, bin = BIN): Promise<Loads> {
  const log = join(dir.path, `${name}.loads.json`);
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, ["--import", RECORDER, bin, ...args], {
      cwd: dir.path,
      // A cache directory of the test's own: a run without a usable cache writes one.
      env: { ...process.env, CI: "true", MCP_GITOPS_LOADS: log, XDG_CACHE_HOME: join(dir.path, "cache") },
      stdio: "ignore",
    });
    child.on("exit", done);
  });
  expect(code).toBe(0);
  const recorded = JSON.parse(await readFile(log, "utf8")) as {
    builtins: string[];
    scripts: string[];
    initialised: string[];
  };
  const files = recorded.scripts.filter((url) => url.startsWith("file:")).map((url) => fileURLToPath(url));
  const bundles = files.filter((path) => path.includes("/dist/bundle/")).map((path) => path.replace(/.*\//, ""));
  expect(bundles, "the recorder saw the CLI load").toContain("cli.cjs");
  const packages = new Set<string>();
  for (const module of recorded.initialised) {
    const owner = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(module);
    if (owner) packages.add(owner[1]!);
  }
  return {
    packages,
    ownModules: recorded.initialised.filter((module) => module.startsWith("dist/")),
    bundles,
    outsideBundle: files.filter(
      (path) =>
        !path.includes("/dist/bundle/") &&
        !path.includes("/bin/") &&
        !path.includes("/blueprints/") &&
        path !== RECORDER,
    ),
    blueprintFiles: files.filter((path) => path.includes("/blueprints/")),
    builtins: recorded.builtins,
  };
}

const INTERACTIVE = ["@inquirer/core", "@inquirer/prompts", "listr2", "log-update"];
const DELIVERY = ["@octokit/core", "@octokit/rest", "simple-git"];

describe("lazy loading", () => {
  it("--help, help <command> and --version initialise no answers schema, YAML, templates, prompts or GitHub client", async () => {
    for (const args of [["--help"], ["--version"], ["help"], ["help", "upgrade"], ["doctor", "--help"]]) {
      const run = args.join(" ");
      const loads = await loadsOf(args, args.join("-").replace(/^-+/, ""));
      expect(loads.outsideBundle, run).toEqual([]);
      expect(loads.bundles, run).toEqual(["cli.cjs"]);
      // The mechanism sees our own modules run: main.js, the command specs, the help renderer.
      expect(loads.ownModules, run).toContain("dist/cli/main.js");
      for (const heavy of ["zod", "yaml", "ejs", ...INTERACTIVE, ...DELIVERY])
        expect(loads.packages.has(heavy), `${run} initialises ${heavy}`).toBe(false);
    }
  });

  it("a --yes scaffold initialises the schema, YAML and templates, but no prompts, task list or GitHub client", async () => {
    const loads = await loadsOf(["demo", "--yes"], "scaffold");
    expect(loads.outsideBundle).toEqual([]);
    // Only the common path's bundle and the bundled blueprint's lib and templates (src/blueprint/bundled-lib.ts,
    // instead of the ES module loader and EJS's compiler): delivery.cjs and interactive.cjs are not even compiled.
    expect(loads.bundles).toEqual(["cli.cjs", "blueprint.cjs", "templates.cjs"]);
    // Each pulls in dozens of Node's internal modules: git sources, release archives and the GitHub client need them.
    // (node:zlib is not among them: bin/code-cache.js checksums the bundle with its crc32.)
    for (const builtin of ["node:child_process", "node:crypto", "node:net", "node:https"])
      expect(loads.builtins).not.toContain(builtin);
    for (const needed of ["zod", "yaml", "ejs"]) expect(loads.packages.has(needed), `initialises ${needed}`).toBe(true);
    for (const heavy of [...INTERACTIVE, ...DELIVERY])
      expect(loads.packages.has(heavy), `initialises ${heavy}`).toBe(false);
  });

  it("takes the bundled blueprint's lib and templates from the build while its files are the ones built", async () => {
    const bundled = await loadsOf(["bundled", "--yes", "--no-git"], "bundled-lib");
    expect(bundled.bundles).toContain("blueprint.cjs");
    expect(bundled.blueprintFiles).toEqual([]);
    // A copy of the package whose blueprint has an edited lib file: the edit is what runs.
    const copy = join(dir.path, "package");
    for (const part of ["bin", "dist/bundle", "blueprints", "package.json"])
      await cp(join(PACKAGE, part), join(copy, part), { recursive: true });
    await symlink(join(PACKAGE, "node_modules"), join(copy, "node_modules"));
    const documents = join(copy, "blueprints/mcp-gitops/lib/documents.mjs");
    const source = await readFile(documents, "utf8");
    await writeFile(
      documents,
      source.replace("# Values for ${server.name} in every", "# Edited: values for ${server.name} in every"),
    );
    // And an edited template (the build compiled each into templates.cjs): the edit is what renders.
    const readme = join(copy, "blueprints/mcp-gitops/files/common/README.md.ejs");
    await writeFile(
      readme,
      (await readFile(readme, "utf8")).replace("GitOps repository for", "Edited: GitOps repository for"),
    );
    const edited = await loadsOf(["edited", "--yes", "--no-git"], "edited-lib", join(copy, "bin/create-mcp-gitops.js"));
    expect(await readFile(join(dir.path, "edited/README.md"), "utf8")).toContain("\nEdited: GitOps repository for");
    expect(await readFile(join(dir.path, "bundled/README.md"), "utf8")).not.toContain("Edited:");
    expect(edited.blueprintFiles).toContain(documents);
    const [server] = await readdir(join(dir.path, "edited/apps/base"));
    const values = (name: string) => readFile(join(dir.path, name, "apps/base", server!, "values.yaml"), "utf8");
    expect(await values("edited")).toMatch(/^# Edited: values for /);
    expect(await values("bundled")).toMatch(/^# Values for /);
  });
});
