// Bundles the command line (dist/cli/main.js, as tsc wrote it) into dist/bundle/, which bin/ runs, then records V8
// code caches for the bundles by running representative commands (scripts/warm-code-cache.mjs).
//
// Why (issue 9, issue 23): Node 20 resolves, reads and compiles each of the ~400 ESM files the CLI would otherwise
// load one by one, and has no compile cache; start-up was most of a small scaffold. Now:
//   - cli.cjs: one CommonJS script with everything a run without delivery or prompts needs (create, upgrade, add,
//     remove, doctor; zod, yaml, ejs, semver, secretlint's rules, ajv). bin/code-cache.js compiles it with
//     node:vm and a V8 code cache, so a run skips parsing and compiling what the cache holds. Every module stays
//     behind esbuild's lazy init wrapper (the entry is a `require` of main.js), so --help initialises only the
//     modules it uses; test/lazy-loading.test.ts checks which.
//   - delivery.cjs (Octokit, simple-git) and interactive.cjs (inquirer, listr2): rarely used and as large again as
//     the rest; separate scripts, compiled (with their own caches) only by the runs that import them.
//   - blueprint.cjs: the bundled blueprint's lib/*.mjs, used while the files on disk are the ones it was built from
//     (src/blueprint/bundled-lib.ts), instead of Node's ES module loader for two dozen files.
// dist/ (the library, `import "create-mcp-gitops"`) is unchanged.
//
// Scripts compiled with a code cache lose Node's dynamic-import hook (the cache drops V8's host-defined options), so
// no `import()` may remain in a bundle: built-ins become lazy require()s, the lazy groups calls of `__cmgLoad`, and
// the blueprint's lib/*.mjs (the one import of a computed path) a call of `__cmgImport`, which bin/ provides.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { crc32 } from "node:zlib";
import { fileURLToPath } from "node:url";
import ejs from "ejs";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = `${root}dist/bundle`;

/** The bundles besides cli.cjs, and the packages each holds. A package in none of them goes into cli.cjs. */
const LAZY_GROUPS = {
  delivery: ["@octokit/rest", "@octokit/plugin-retry", "@octokit/plugin-throttling", "simple-git"],
  interactive: ["@inquirer/prompts", "listr2"],
};
const GROUP_OF = new Map(Object.entries(LAZY_GROUPS).flatMap(([group, names]) => names.map((name) => [name, group])));

/** The parameters of every bundle's wrapper function; bin/code-cache.js passes them in this order. */
const WRAPPER = "exports, require, module, __filename, __dirname, __cmgImport, __cmgLoad";

const common = {
  absWorkingDir: root,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // yaml's "node" export is CommonJS whose ESM wrapper esbuild cannot tree-shake; its ESM build (published for
  // browsers, the same code) can.
  alias: { yaml: "./node_modules/yaml/browser/index.js" },
  // The bundle is a script: `import.meta.url` (package-root.ts finds package.json from it; re2js is required from
  // it) is the bundle's own URL, set at the top of the wrapper.
  define: { "import.meta.url": "__cmgUrl" },
  banner: {
    js: `(function (${WRAPPER}) {\nvar __cmgUrl = require("node:url").pathToFileURL(__filename).href;`,
  },
  footer: { js: "})" },
  legalComments: "linked",
  logLevel: "warning",
  metafile: true,
};

await rm(outdir, { recursive: true, force: true });
// esbuild rejects (and the build script fails) on any error.
const results = [
  await build({
    ...common,
    // A require() of main.js makes esbuild wrap every module in a lazy init function.
    stdin: {
      contents: 'module.exports = require("./dist/cli/main.js");',
      resolveDir: root,
      sourcefile: "cli-entry.js",
    },
    outfile: `${outdir}/cli.cjs`,
    plugins: [noDynamicImport()],
  }),
  ...(await Promise.all(
    Object.entries(LAZY_GROUPS).map(([group, names]) =>
      build({
        ...common,
        stdin: {
          contents: names.map((name, i) => `export * as m${i} from ${JSON.stringify(name)};`).join("\n"),
          resolveDir: root,
          sourcefile: `${group}-entry.js`,
        },
        outfile: `${outdir}/${group}.cjs`,
        plugins: [noDynamicImport(group)],
      }),
    ),
  )),
  await build({ ...common, stdin: blueprintLib(), outfile: `${outdir}/blueprint.cjs` }),
];
for (const result of results) await checkOutput(result);
await writeFile(`${outdir}/templates.cjs`, await templatesBundle());

/**
 * templates.cjs: the bundled blueprint's EJS templates, each compiled as src/blueprint/render.ts compiles it (the same
 * options, without EJS's line tracking), as a function in one script that bin/code-cache.js runs with a code cache:
 * compiling the templates (mostly V8 compiling each one's `new Function`) was the largest part of rendering a
 * scaffold. Each with the CRC-32 of its text; src/blueprint/bundled-lib.ts uses one only while its file is that text.
 * A plain script (not through esbuild): the templates' code runs in `with (locals)`, which only sloppy code may hold.
 * ASCII like the other bundles: non-ASCII characters, which the templates hold in strings, as \u escapes.
 */
async function templatesBundle() {
  const files = `${root}blueprints/mcp-gitops/files`;
  const paths = readdirSync(files, { recursive: true })
    .filter((path) => path.endsWith(".ejs"))
    .sort();
  const entries = [];
  const checksums = {};
  for (const path of paths) {
    const text = readFileSync(`${files}/${path}`, "utf8");
    const key = `files/${path.split("\\").join("/")}`;
    // EJS prints the function's source with `debug`: the one way to have it without copying EJS's code generator.
    const log = console.log;
    let source;
    console.log = (text) => {
      source = text;
    };
    try {
      ejs.compile(text, { escape: String, async: false, strict: false, compileDebug: false, debug: true });
    } finally {
      console.log = log;
    }
    if (typeof source !== "string" || /\binclude\(/.test(source)) continue; // include() needs EJS's own wrapper
    entries.push(`${JSON.stringify(key)}: function (locals, escapeFn, include, rethrow) {\n${source}\n}`);
    checksums[key] = crc32(readFileSync(`${files}/${path}`));
  }
  const body = `module.exports = {\n  templates: {\n${entries.join(",\n")}\n  },\n  checksums: ${JSON.stringify(checksums)},\n};`;
  const script = `(function (${WRAPPER}) {\n${body}\n})`;
  return script.replace(/[^\0-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * blueprint.cjs: the bundled blueprint's lib/*.mjs, each module's exports under its path, with the CRC-32 of the
 * bytes it was built from: src/blueprint/bundled-lib.ts uses it only while the files on disk are exactly these.
 */
function blueprintLib() {
  const lib = `${root}blueprints/mcp-gitops/lib`;
  const names = readdirSync(lib)
    .filter((name) => name.endsWith(".mjs"))
    .sort();
  const checksums = Object.fromEntries(names.map((name) => [`lib/${name}`, crc32(readFileSync(`${lib}/${name}`))]));
  return {
    contents: [
      ...names.map(
        (name, index) => `import * as m${index} from ${JSON.stringify(`./blueprints/mcp-gitops/lib/${name}`)};`,
      ),
      `export const modules = { ${names.map((name, index) => `${JSON.stringify(`lib/${name}`)}: m${index}`).join(", ")} };`,
      `export const checksums = ${JSON.stringify(checksums)};`,
    ].join("\n"),
    resolveDir: root,
    sourcefile: "blueprint-entry.js",
  };
}

// Without NODE_OPTIONS: V8 flags set there (a heap size in CI) would make every user's V8 reject the cache.
const { NODE_OPTIONS: _, ...env } = process.env;
// Every kind of run, then scaffolds and help alone (their caches hold only what such runs compile).
for (const label of [[], ["create"], ["help"]]) {
  const warm = spawnSync(process.execPath, [`${root}scripts/warm-code-cache.mjs`, ...label], { stdio: "inherit", env });
  if (warm.status !== 0) throw new Error(`scripts/warm-code-cache.mjs ${label} failed (exit ${warm.status})`);
}

/**
 * Removes `import()` from the bundles: built-ins are required where they were imported; a lazy group's package
 * comes from `__cmgLoad(group)` (except in that group's own bundle); our own imports of a computed path call
 * `__cmgImport`.
 */
function noDynamicImport(building) {
  return {
    name: "no-dynamic-import",
    setup(plugin) {
      plugin.onResolve({ filter: /^node:/ }, (args) =>
        args.kind === "dynamic-import" ? { path: args.path, namespace: "builtin" } : undefined,
      );
      plugin.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
      }));
      plugin.onResolve({ filter: /.*/ }, (args) => {
        const group = GROUP_OF.get(args.path);
        return group && group !== building ? { path: args.path, namespace: "lazy-group" } : undefined;
      });
      plugin.onLoad({ filter: /.*/, namespace: "lazy-group" }, (args) => {
        const group = GROUP_OF.get(args.path);
        const index = LAZY_GROUPS[group].indexOf(args.path);
        return { contents: `module.exports = __cmgLoad(${JSON.stringify(group)}).m${index};` };
      });
      // tsc's output of our own modules: `import(<expression>)` (the blueprint's lib/*.mjs) goes through bin/.
      plugin.onLoad({ filter: /\/dist\/.*\.js$/ }, async (args) => {
        const text = await readFile(args.path, "utf8");
        const rewritten = text.replace(/(?<![\w$.])import\((?!["'`])/g, "__cmgImport(");
        return rewritten === text ? undefined : { contents: rewritten, loader: "js" };
      });
    },
  };
}

/**
 * A dynamic import left in a bundle would fail at run time once the code cache is used: the build fails instead.
 * And bundles are kept ASCII, which bin/ reads as latin1 into a one-byte string (faster to read and to parse than
 * the two-byte string one non-ASCII character makes): esbuild escapes strings and regular expressions (its default
 * charset), which leaves comments, where an escape changes nothing.
 */
async function checkOutput(result) {
  for (const file of Object.keys(result.metafile.outputs).filter((path) => path.endsWith(".cjs"))) {
    const text = await readFile(`${root}${file}`, "utf8");
    const left = text.split("\n").filter((line) => /(?<![\w$.])import\(/.test(line));
    if (left.length > 0)
      throw new Error(`${file}: import() left in the bundle (see scripts/bundle-cli.mjs):\n${left.join("\n")}`);
    const ascii = text.replace(/[^\0-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
    if (ascii !== text) await writeFile(`${root}${file}`, ascii);
  }
}
